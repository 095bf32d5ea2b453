import type { Command } from 'commander';
import { run, verb } from '../../cli/command.js';
import { bind, bindingOptions, bindingSpec, unbind } from '../binding/core.js';

// DEST SOURCE, the order of `queue bind QUEUE EXCHANGE`: the destination first, messages flow SOURCE -> DEST.

export function exchangeBind(exchange: Command): void {
  bindingOptions(verb(exchange, 'bind <destination> <source>', 'bind exchange DESTINATION to exchange SOURCE (idempotent; messages flow SOURCE -> DESTINATION)')).action(
    run(async (ctx, [destination, source], o) => {
      await bind(ctx, bindingSpec(ctx.vhost, source as string, 'e', destination as string, o));
    }),
  );
}

export function exchangeUnbind(exchange: Command): void {
  bindingOptions(verb(exchange, 'unbind <destination> <source>', 'remove the binding of exchange DESTINATION to exchange SOURCE with this routing key and arguments'), true).action(
    run(async (ctx, [destination, source], o) => {
      await unbind(ctx, bindingSpec(ctx.vhost, source as string, 'e', destination as string, o), o.ifExists);
    }),
  );
}
