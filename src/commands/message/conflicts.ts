/**
 * Two flags that cannot be given together: 64, in commander's words for it, checked by the
 * command before anything is sent (a declaration carries no conflicts of its own).
 */
import { UsageError } from '../../errors.js';

/** `given` and `other`: declarations (their flags are what commander names), or a flag's spelling */
export function conflict(given: { readonly flags: string }, other: { readonly flags: string } | string): UsageError {
  const flags = typeof other === 'string' ? other : other.flags;
  return new UsageError(`option '${given.flags}' cannot be used with option '${flags}'`, 'see --help');
}
