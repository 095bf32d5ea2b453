import type { Command } from 'commander';
import { run, verb } from '../../cli/command.js';
import { UsageError } from '../../errors.js';
import { deleting, ifExistsOption } from '../shared.js';

export function exchangeDelete(exchange: Command): void {
  ifExistsOption(verb(exchange, 'delete <name>', 'delete an exchange and its bindings'))
    .option('--if-unused', 'only when nothing is bound to or from it (else exit 65)')
    .action(
      run(async (ctx, [name], o) => {
        if (name === '' || name === undefined) throw new UsageError("the default exchange '' cannot be deleted");
        if (name.startsWith('amq.')) throw new UsageError(`'${name}' belongs to the broker and cannot be deleted`);
        const vhost = ctx.vhost;
        const api = (await ctx.mgmt()).exchanges;
        await deleting(ctx, { action: 'deleted', kind: 'exchange', name, vhost }, o.ifExists, () => api.delete(vhost, name, { ifUnused: o.ifUnused }));
      }),
    );
}
