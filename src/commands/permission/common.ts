/** Shared by permission and topic-permission: regex checks, existence checks, the vhost filter. */
import type { Context } from '../../cli/context.js';
import { NotFoundError, UsageError } from '../../errors.js';
import type { Mgmt } from '../../mgmt/client.js';
import type { Outcome } from '../../render/output.js';

/**
 * A permission pattern must compile. The broker uses Erlang's re (PCRE); JavaScript's RegExp
 * is close enough to catch typos before anything is sent. '' is valid and means "nothing".
 */
export function checkRegex(which: string, value: string): string {
  try {
    new RegExp(value);
  } catch (e) {
    const why = (e as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
    throw new UsageError(`the ${which} pattern '${value}' is not a valid regular expression: ${why}`, "'' grants nothing, '.*' everything");
  }
  return value;
}

/** Why a clear found nothing: the permission, the user or the vhost. */
export async function whyMissing(mgmt: Mgmt, user: string, vhost: string, what: string): Promise<string> {
  const [u, v] = await Promise.all([mgmt.users.find(user), mgmt.vhosts.find(vhost)]);
  if (!u && !v) return `user '${user}' and vhost '${vhost}' do not exist`;
  if (!u) return `user '${user}' does not exist`;
  if (!v) return `vhost '${vhost}' does not exist`;
  return `user '${user}' has no ${what} in vhost '${vhost}'`;
}

/**
 * A clear that found nothing: with --if-exists a success that changed nothing, else 66; either
 * way saying why (whyMissing). `what` names what was to be cleared, `op` the whole operation.
 */
export async function reportMissing(
  ctx: Context,
  mgmt: Mgmt,
  c: { outcome: Pick<Outcome, 'action' | 'kind'> & { vhost: string; user: string; exchange?: string }; op: string; what: string; ifExists: boolean | undefined },
): Promise<void> {
  const why = await whyMissing(mgmt, c.outcome.user, c.outcome.vhost, c.what);
  if (c.ifExists) {
    await ctx.report({ ...c.outcome, changed: false, note: `${why}; nothing to do` });
    return;
  }
  throw new NotFoundError(`${c.op}: ${why}`, 'add --if-exists to make that a success');
}

