/**
 * Which vhost a list shows: one rule for every list, written here once (README "Lists", man page).
 *
 * - Lists of objects that live in a vhost (queues, exchanges, bindings; policies, limits and
 *   parameters next) show the current vhost: -V, RMQX_VHOST, the profile, else '/'.
 * - Lists that cut across vhosts (permissions, topic permissions, connections, channels,
 *   consumers) show every vhost unless one was named (-V, RMQX_VHOST or the profile): the
 *   default '/' is not a choice the user made.
 * - `--all-vhosts`, on every list, shows every vhost whatever was named, and adds a vhost column.
 */
import type { Context } from '../cli/context.js';
import { opt } from '../cli/define.js';
import { withFields, type View } from '../render/view.js';

export type ListScope = 'in-vhost' | 'across-vhosts';

/** The rule in words, for the man page (scripts/gen-man.ts) and the README. */
export const LIST_SCOPE_WORDS: readonly string[] = [
  "Lists of objects that live in a vhost (queues, exchanges, bindings, policies, operator policies, parameters, shovels, federation upstreams) show the current vhost: -V, RMQX_VHOST, the profile's vhost, else '/'.",
  'Lists that cut across vhosts (permissions, topic permissions, vhost limits, connections, channels, consumers) show every vhost unless one is named with -V, RMQX_VHOST or the profile.',
  '--all-vhosts, on every list, shows every vhost whatever was named, and adds a vhost column where the rows have one.',
];

export const ALL_VHOSTS = { allVhosts: opt.flag('--all-vhosts', 'every vhost, whatever -V, RMQX_VHOST or the profile name') };

/** The vhost to list, or undefined for every vhost. */
export function listVhost(ctx: Context, scope: ListScope, allVhosts: boolean | undefined): string | undefined {
  if (allVhosts) return undefined;
  if (scope === 'in-vhost') return ctx.vhost;
  return ctx.settings.origins.vhost?.kind !== 'default' ? ctx.vhost : undefined;
}

/** The view for a vhost-scoped list: a vhost column first when it shows every vhost. */
export function scopedView(view: View, vhost: string | undefined): View {
  return vhost === undefined ? withFields([{ key: 'vhost' }, ...view], view.fields ?? []) : view;
}
