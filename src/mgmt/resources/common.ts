/** Shared by the resource files: target facts and find-or-undefined. */
import type { Http } from '../http.js';
import type { Target } from '../errors.js';

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

