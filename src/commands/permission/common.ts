/** Shared by permission and topic-permission: regex checks, existence checks, the vhost filter. */
import type { Context } from '../../cli/context.js';
import { UsageError } from '../../errors.js';
import type { Mgmt } from '../../mgmt/client.js';

export { missingOnPut, requireUserAndVhost } from '../../kinds/permission.js';

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

/** -V for lists only when the user gave it (flag, RMQX_VHOST or profile); the default '/' is no filter. */
export function explicitVhost(ctx: Context): string | undefined {
  return ctx.settings.origins.vhost?.kind !== 'default' ? ctx.vhost : undefined;
}
