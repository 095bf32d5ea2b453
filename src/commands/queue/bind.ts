import type { Command } from 'commander';
import { run, verb } from '../../cli/command.js';
import { bind, bindingOptions, bindingSpec, unbind } from '../binding/core.js';

export function queueBind(queue: Command): void {
  bindingOptions(verb(queue, 'bind <queue> <exchange>', 'bind a queue to an exchange (idempotent; messages flow EXCHANGE -> QUEUE)')).action(
    run(async (ctx, [name, exchange], o) => {
      await bind(ctx, bindingSpec(ctx.vhost, exchange as string, 'q', name as string, o));
    }),
  );
}

export function queueUnbind(queue: Command): void {
  bindingOptions(verb(queue, 'unbind <queue> <exchange>', 'remove the binding of a queue to an exchange with this routing key and arguments'), true).action(
    run(async (ctx, [name, exchange], o) => {
      await unbind(ctx, bindingSpec(ctx.vhost, exchange as string, 'q', name as string, o), o.ifExists);
    }),
  );
}
