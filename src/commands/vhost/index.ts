import type { Command } from 'commander';
import { noun, run, verb } from '../../cli/command.js';
import { choice } from '../../cli/parsers.js';
import type { View } from '../../render/view.js';
import { vhostKind } from '../../kinds/vhost.js';
import { ensure } from '../../plan/execute.js';
import { deleting, ifExistsOption, requireName } from '../shared.js';
import { list as parseList } from '../../cli/parsers.js';

export const VHOST_VIEW: View = [
  { key: 'name' },
  { key: 'description' },
  // 3.10 reports an unset type as the string 'undefined'
  { key: 'default_queue_type', header: 'default queue type', format: (v) => (v === undefined || v === 'undefined' ? '' : String(v)) },
  { key: 'tracing' },
  { key: 'messages', align: 'right' },
];

export function registerVhost(program: Command): void {
  const vhost = noun(program, 'vhost', 'virtual hosts', 'vhosts');

  verb(vhost, 'add <name>', 'add a virtual host (idempotent: updates description and tags when they differ)')
    .option('--description <text>', 'description')
    .option('--tags <list>', 'comma-separated tags', parseList)
    .option('--default-queue-type <type>', 'queue type for queues declared without one', choice(['classic', 'quorum', 'stream']))
    .option('--tracing', 'enable the firehose tracer')
    .action(
      run(async (ctx, [name], o) => {
        await ensure(ctx, vhostKind, { name: requireName('vhost', name), description: o.description, tags: o.tags, defaultQueueType: o.defaultQueueType, tracing: o.tracing });
      }),
    );

  ifExistsOption(verb(vhost, 'delete <name>', 'delete a virtual host and everything in it'))
    .option('-y, --yes', 'do not ask')
    .action(
      run(async (ctx, [name], o) => {
        requireName('vhost', name);
        await ctx.confirm(`delete vhost '${name}' with all its queues, exchanges and messages`, o.yes);
        const api = (await ctx.mgmt()).vhosts;
        await deleting(ctx, { action: 'deleted', kind: 'vhost', name }, o.ifExists, () => api.delete(name));
      }),
    );

  verb(vhost, 'list', 'list virtual hosts').action(
    run(async (ctx) => {
      await ctx.out.list(await (await ctx.mgmt()).vhosts.list(), VHOST_VIEW);
    }),
  );

  verb(vhost, 'show <name>', 'show one virtual host').action(
    run(async (ctx, [name]) => {
      await ctx.out.object(await (await ctx.mgmt()).vhosts.get(requireName('vhost', name)));
    }),
  );
}
