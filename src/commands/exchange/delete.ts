import { arg, defineCommand, opt } from '../../cli/define.js';
import { UsageError } from '../../errors.js';
import { exchangeKind, type ExchangeSpec } from '../../kinds/exchange.js';
import type { Kind } from '../../kinds/kind.js';
import { removeObject } from '../../plan/execute.js';
import { IF_EXISTS } from '../options.js';

export const exchangeDelete = defineCommand({
  name: 'delete',
  summary: 'delete an exchange and its bindings',
  args: { name: arg.required('name') },
  options: {
    ...IF_EXISTS,
    ifUnused: opt.flag('--if-unused', 'only when nothing is bound to or from it (else exit 65)'),
  },
  async run(ctx, { name }, { ifExists, ifUnused }) {
    if (name === '') throw new UsageError("the default exchange '' cannot be deleted");
    if (name.startsWith('amq.')) throw new UsageError(`'${name}' belongs to the broker and cannot be deleted`);
    // the broker checks --if-unused (400, exit 65): the kind's delete with it
    const kind: Kind<ExchangeSpec> = { ...exchangeKind, remove: (m, x) => m.exchanges.delete(x.vhost, x.name, { ifUnused }) };
    // only the identity counts for a delete
    await removeObject(ctx, kind, { vhost: ctx.vhost, name, type: 'direct', durable: true, autoDelete: false, internal: false, arguments: {} }, { ifExists });
  },
});
