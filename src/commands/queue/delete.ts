import type { Command } from 'commander';
import { run, verb } from '../../cli/command.js';
import { deleting, ifExistsOption, requireName } from '../shared.js';

export function queueDelete(queue: Command): void {
  ifExistsOption(verb(queue, 'delete <name>', 'delete a queue and its messages'))
    .option('--if-empty', 'only when it holds no messages (else exit 65)')
    .option('--if-unused', 'only when it has no consumers (else exit 65)')
    .action(
      run(async (ctx, [name], o) => {
        requireName('queue', name);
        const vhost = ctx.vhost;
        const api = (await ctx.mgmt()).queues;
        await deleting(ctx, { action: 'deleted', kind: 'queue', name, vhost }, o.ifExists, () =>
          api.delete(vhost, name, { ifEmpty: o.ifEmpty, ifUnused: o.ifUnused }),
        );
      }),
    );
}
