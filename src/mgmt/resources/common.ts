/** Shared by the resource files: target facts and find-or-undefined. */
import type { Http } from '../http.js';
import type { Target } from '../errors.js';
import { path } from '../path.js';

export const t = (op: string, kind: string, name?: string, vhost?: string): Target => ({ op, kind, name, vhost });

/** GET that answers undefined on 404 instead of throwing: for idempotent declares. */
export async function find<T>(http: Http, p: string, target: Target): Promise<T | undefined> {
  try {
    return await http.get<T>(p, target);
  } catch (e) {
    if ((e as { status?: number }).status === 404) return undefined;
    throw e;
  }
}

/**
 * Path and target of a listing that is kept per vhost: /api/{kind} across every vhost, or
 * /api/{kind}/{vhost} (or /api/vhosts/{vhost}/{kind} when `underVhosts`, as connections and
 * channels are).
 */
export function listing(kind: string, vhost: string | undefined, underVhosts = false): [string, Target] {
  if (vhost === undefined) return [path(kind), t('list', kind)];
  return [underVhosts ? path('vhosts', vhost, kind) : path(kind, vhost), t(`list ${kind} in`, 'vhost', vhost)];
}
