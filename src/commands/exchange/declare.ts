import type { Command } from 'commander';
import { run, verb } from '../../cli/command.js';
import { choice } from '../../cli/parsers.js';
import { DataError, UsageError } from '../../errors.js';
import type { Arguments, Exchange } from '../../mgmt/types.js';
import { describe } from '../shared.js';
import { argumentDifferences, argumentsOptions, differenceWords, givenArguments } from '../queue/arguments.js';
import { reservedName } from '../queue/names.js';

export const EXCHANGE_TYPES = ['direct', 'fanout', 'topic', 'headers'] as const;

/** Built-in types, or a plugin's (x-delayed-message, x-consistent-hash …). */
export const exchangeType = choice(EXCHANGE_TYPES, (v) => /^x-./.test(v));

interface ExchangeRequest {
  type: string;
  durable: boolean;
  auto_delete: boolean;
  internal: boolean;
  arguments: Arguments;
}

export function exchangeDifferences(existing: Exchange, req: ExchangeRequest): Array<[string, string]> {
  const d: Array<[string, string]> = [];
  if (existing.type !== req.type) d.push([`type=${existing.type}`, `type=${req.type}`]);
  for (const k of ['durable', 'auto_delete', 'internal'] as const) {
    if (Boolean(existing[k]) !== req[k]) d.push([`${k}=${Boolean(existing[k])}`, `${k}=${req[k]}`]);
  }
  d.push(...argumentDifferences(existing.arguments, req.arguments));
  return d;
}

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
      const req: ExchangeRequest = {
        type: o.type,
        durable: o.durable !== false,
        auto_delete: Boolean(o.autoDelete),
        internal: Boolean(o.internal),
        arguments: givenArguments(o),
      };
      const vhost = ctx.vhost;
      const api = (await ctx.mgmt()).exchanges;
      const subject = { action: 'declared', kind: 'exchange', name, vhost };
      const existing = await api.find(vhost, name);
      if (existing) {
        const diffs = exchangeDifferences(existing, req);
        if (diffs.length > 0) {
          throw new DataError(differenceWords(describe(subject), diffs), 'an exchange cannot change once declared: use the same properties, or delete and re-declare it (its bindings go too)');
        }
        await ctx.report({ ...subject, changed: false });
        return;
      }
      reservedName('exchange', name);
      await api.put(vhost, name, { ...req });
      await ctx.report({ ...subject, changed: true, type: req.type });
    }),
  );
}
