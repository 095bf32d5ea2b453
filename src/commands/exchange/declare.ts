import type { Command } from 'commander';
import { run, verb } from '../../cli/command.js';
import { choice } from '../../cli/parsers.js';
import { UsageError } from '../../errors.js';
import { exchangeKind, type ExchangeSpec } from '../../kinds/exchange.js';
import { ensure } from '../../plan/execute.js';
import { argumentsOptions, givenArguments } from '../queue/arguments.js';

export const EXCHANGE_TYPES = ['direct', 'fanout', 'topic', 'headers'] as const;

/** Built-in types, or a plugin's (x-delayed-message, x-consistent-hash …). */
export const exchangeType = choice(EXCHANGE_TYPES, (v) => /^x-./.test(v));

export function exchangeDeclare(exchange: Command): void {
  const cmd = verb(exchange, 'declare <name>', 'declare an exchange (idempotent: the same again changes nothing; a different one is exit 65)')
    .option('--type <type>', `${EXCHANGE_TYPES.join(', ')} or a plugin's x-… type`, exchangeType, 'direct')
    .option('--no-durable', 'a transient exchange, gone when the broker restarts')
    .option('--auto-delete', 'delete the exchange when its last binding goes')
    .option('--internal', 'clients cannot publish to it; only other exchanges route into it');
  argumentsOptions(cmd, 'exchange arguments (alternate-exchange …)');
  cmd.addHelpText(
    'after',
    `
An existing exchange is compared with what you ask, before anything is sent: type, durable,
auto-delete, internal and arguments (defaults included: direct, durable). The same → exit 0,
nothing changed. A difference → exit 65 naming it, and nothing is sent.`,
  );
  cmd.action(
    run(async (ctx, [name], o) => {
      if (name === '' || name === undefined) throw new UsageError("exchange name is empty (the default exchange '' cannot be declared)");
      const want: ExchangeSpec = {
        vhost: ctx.vhost,
        name,
        type: o.type,
        durable: o.durable !== false,
        autoDelete: Boolean(o.autoDelete),
        internal: Boolean(o.internal),
        arguments: givenArguments(o),
      };
      await ensure(ctx, exchangeKind, want);
    }),
  );
}
