import { UsageError } from '../../errors.js';

/**
 * Names starting with `amq.` belong to the broker. It refuses to create one with
 * "401 Access refused", which would read like a wrong password: say what it is instead.
 */
export function reservedName(kind: 'queue' | 'exchange', name: string): void {
  if (name.startsWith('amq.')) throw new UsageError(`${kind} names starting with 'amq.' are reserved for the broker: '${name}'`);
}
