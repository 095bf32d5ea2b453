import { arg, defineCommand, opt } from '../../cli/define.js';
import { choice } from '../../cli/parsers.js';
import { UsageError } from '../../errors.js';
import { exchangeKind, type ExchangeSpec } from '../../kinds/exchange.js';
import { ensure } from '../../plan/execute.js';
import { argumentOptions, givenArguments } from '../queue/arguments.js';
import { newName } from '../shared.js';

export const EXCHANGE_TYPES = ['direct', 'fanout', 'topic', 'headers'] as const;

/** Built-in types, or a plugin's (x-delayed-message, x-consistent-hash …). */
export const exchangeType = choice(EXCHANGE_TYPES, (v) => /^x-./.test(v));

export const exchangeDeclare = defineCommand({
  name: 'declare',
  summary: 'declare an exchange (idempotent: the same again changes nothing; a different one is exit 65)',
  args: { name: arg.required('name') },
  options: {
    // a plugin's type is any x-… word: the parser takes it, so it is typed as text
    type: opt.withDefault<string>('--type <type>', `${EXCHANGE_TYPES.join(', ')} or a plugin's x-… type`, exchangeType, 'direct'),
    durable: opt.negatable('--no-durable', 'a transient exchange, gone when the broker restarts'),
    autoDelete: opt.flag('--auto-delete', 'delete the exchange when its last binding goes'),
    internal: opt.flag('--internal', 'clients cannot publish to it; only other exchanges route into it'),
    ...argumentOptions('exchange arguments (alternate-exchange …)'),
  },
  help: `
An existing exchange is compared with what you ask, before anything is sent: type, durable,
auto-delete, internal and arguments (defaults included: direct, durable). The same → exit 0,
nothing changed. A difference → exit 65 naming it, and nothing is sent.`,
  async run(ctx, { name }, o) {
    if (name === '') throw new UsageError("exchange name is empty (the default exchange '' cannot be declared)");
    const want: ExchangeSpec = {
      vhost: ctx.vhost,
      name: newName('exchange', name),
      type: o.type,
      durable: o.durable !== false,
      autoDelete: Boolean(o.autoDelete),
      internal: Boolean(o.internal),
      arguments: givenArguments(o),
    };
    await ensure(ctx, exchangeKind, want);
  },
});
