/** Exchanges: every property is fixed once declared. */
import { describeTarget } from '../errors.js';
import type { Arguments, Exchange } from '../mgmt/types.js';
import { withFields, type View } from '../render/view.js';
import { EXCHANGE_FIELDS } from '../mgmt/fields.js';
import { argumentDiff, immutable, type Kind } from './kind.js';
import { reservedName } from './queue.js';

export interface ExchangeSpec {
  vhost: string;
  name: string;
  type: string;
  durable: boolean;
  autoDelete: boolean;
  internal: boolean;
  arguments: Arguments;
}

export function exchangeSpecOf(x: Exchange): ExchangeSpec {
  return { vhost: x.vhost, name: x.name, type: x.type, durable: Boolean(x.durable), autoDelete: Boolean(x.auto_delete), internal: Boolean(x.internal), arguments: x.arguments ?? {} };
}

/** `exchange list` */
/** on a terminal the default exchange's empty name reads as a missing cell: say what it is (TSV and JSON keep '') */
export const defaultExchangeName = (v: unknown): string => (v === '' ? '(default)' : String(v ?? ''));

export const EXCHANGE_VIEW: View = withFields(
  [{ key: 'name', human: defaultExchangeName }, { key: 'type' }, { key: 'durable' }, { key: 'auto_delete' }, { key: 'internal' }, { key: 'arguments' }],
  EXCHANGE_FIELDS,
);

export const exchangeKind: Kind<ExchangeSpec> = {
  name: 'exchange',
  scope: 'vhost',
  dependsOn: ['vhost'],
  identity: (x) => ({ kind: 'exchange', vhost: x.vhost, name: x.name }),
  describe: (x) => describeTarget({ kind: 'exchange', name: x.name, vhost: x.vhost }),
  async read(m, x) {
    const found = await m.exchanges.find(x.vhost, x.name);
    return found && exchangeSpecOf(found);
  },
  async list(m, vhost) {
    return (await m.exchanges.list(vhost)).filter((x) => x.name !== '').map(exchangeSpecOf);
  },
  diff: (have, want) => [
    ...immutable('type', have.type, want.type),
    ...immutable('durable', have.durable, want.durable),
    ...immutable('auto_delete', have.autoDelete, want.autoDelete),
    ...immutable('internal', have.internal, want.internal),
    ...argumentDiff(have.arguments, want.arguments, { mutable: false }),
  ],
  async write(m, want, have) {
    if (!have) reservedName('exchange', want.name);
    await m.exchanges.put(want.vhost, want.name, { type: want.type, durable: want.durable, auto_delete: want.autoDelete, internal: want.internal, arguments: want.arguments });
  },
  remove: (m, x) => m.exchanges.delete(x.vhost, x.name),
  conflictHint: 'an exchange cannot change once declared: use the same properties, or delete and re-declare it (its bindings go too)',
  verbs: { create: 'declared', update: 'updated', delete: 'deleted' },
  outcome: ({ action, want }) => (action === 'create' && want ? { type: want.type } : {}),
  view: EXCHANGE_VIEW,
};
