/** Shared by permission and topic-permission: regex checks, existence checks, the vhost filter. */
import type { Context } from '../../cli/context.js';
import { NotFoundError, UsageError } from '../../errors.js';
import type { Mgmt } from '../../mgmt/client.js';
import { ApiError, missingObject } from '../../mgmt/errors.js';

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

/** 66 naming what is missing: the broker itself answers only 400 vhost_or_user_not_found. */
export async function requireUserAndVhost(mgmt: Mgmt, user: string, vhost: string, op: string): Promise<void> {
  const [u, v] = await Promise.all([mgmt.users.find(user), mgmt.vhosts.find(vhost)]);
  if (!u && !v) throw new NotFoundError(`${op}: user '${user}' and vhost '${vhost}' do not exist`, 'create them with `rmqx user add` and `rmqx vhost add`');
  if (!u) throw new NotFoundError(`${op}: user '${user}' does not exist`, 'create it with `rmqx user add`');
  if (!v) throw new NotFoundError(`${op}: vhost '${vhost}' does not exist`, 'create it with `rmqx vhost add`; `rmqx vhost list` shows those there are');
}

/** The broker's 400 for a user or vhost deleted between our check and the PUT. */
export function missingOnPut(e: unknown, op: string): unknown {
  if (e instanceof ApiError && e.status === 400 && /vhost_or_user_not_found/.test(e.reason)) {
    return new NotFoundError(`${op}: the user or the vhost does not exist`);
  }
  const missing = e instanceof ApiError ? missingObject(e) : undefined;
  if (missing && e instanceof ApiError) {
    const where = e.target?.vhost !== undefined ? ` in vhost '${e.target.vhost}'` : '';
    return new NotFoundError(`${op}: ${missing.kind} '${missing.name}' not found${where}`, missing.kind === 'exchange' ? 'this broker needs the exchange to exist first: `rmqx exchange declare NAME --type topic`' : undefined);
  }
  return e;
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
