import type { Command } from 'commander';
import { noun, run, verb } from '../../cli/command.js';
import { choice } from '../../cli/parsers.js';
import type { View } from '../../render/view.js';
import type { Vhost } from '../../mgmt/types.js';
import { deleting, ifExistsOption, requireName, sameSet, tagList } from '../shared.js';
import { list as parseList } from '../../cli/parsers.js';

export const VHOST_VIEW: View = [
  { key: 'name' },
  { key: 'description' },
  // 3.10 reports an unset type as the string 'undefined'
  { key: 'default_queue_type', header: 'default queue type', format: (v) => (v === undefined || v === 'undefined' ? '' : String(v)) },
  { key: 'tracing' },
  { key: 'messages', align: 'right' },
];

/** The vhost's default queue type; 3.10 reports an unset one as the string 'undefined'. */
function queueTypeOf(v: Vhost): string | undefined {
  const t = v.default_queue_type ?? v.metadata?.default_queue_type;
  return t === undefined || t === 'undefined' ? undefined : t;
}

export function registerVhost(program: Command): void {
  const vhost = noun(program, 'vhost', 'virtual hosts', 'vhosts');

  verb(vhost, 'add <name>', 'add a virtual host (idempotent: updates description and tags when they differ)')
    .option('--description <text>', 'description')
    .option('--tags <list>', 'comma-separated tags', parseList)
    .option('--default-queue-type <type>', 'queue type for queues declared without one', choice(['classic', 'quorum', 'stream']))
    .option('--tracing', 'enable the firehose tracer')
    .action(
      run(async (ctx, [name], o) => {
        requireName('vhost', name);
        const api = (await ctx.mgmt()).vhosts;
        const existing = await api.find(name);
        const curType = existing ? queueTypeOf(existing) : undefined;
        const type = o.defaultQueueType ?? curType;
        const desired = {
          description: o.description ?? (existing ? existing.description : undefined),
          tags: o.tags ?? (existing ? tagList(existing.tags) : undefined),
          // 3.10 reads `defaultqueuetype`; later versions `default_queue_type`
          default_queue_type: type,
          defaultqueuetype: type,
          tracing: o.tracing ?? (existing ? existing.tracing : undefined),
        };
        if (existing) {
          const differs: string[] = [];
          if (o.description !== undefined && o.description !== (existing.description ?? '')) differs.push('description');
          if (o.tags !== undefined && !sameSet(o.tags, tagList(existing.tags))) differs.push('tags');
          if (o.defaultQueueType !== undefined && o.defaultQueueType !== (curType ?? 'classic')) differs.push('default queue type');
          if (o.tracing !== undefined && Boolean(existing.tracing) !== o.tracing) differs.push('tracing');
          if (differs.length === 0) {
            await ctx.report({ action: 'added', kind: 'vhost', name, changed: false });
            return;
          }
          await api.put(name, desired);
          await ctx.report({ action: 'updated', kind: 'vhost', name, changed: true, updated: differs, note: `updated vhost '${name}': ${differs.join(', ')}` });
          return;
        }
        await api.put(name, desired);
        await ctx.report({ action: 'added', kind: 'vhost', name, changed: true });
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
