import type { Command } from 'commander';
import { run, verb } from '../../cli/command.js';
import { getPath } from '../../render/view.js';
import { requireName } from '../shared.js';
import { QUEUE_SHOW_VIEW } from './views.js';

export function queueShow(queue: Command): void {
  verb(queue, 'show <name>', 'show one queue (--json: every field the API has)').action(
    run(async (ctx, [name]) => {
      requireName('queue', name);
      const q = await (await ctx.mgmt()).queues.get(ctx.vhost, name);
      // fields a queue type does not have (leader for a classic queue) are left out
      await ctx.out.object(q, QUEUE_SHOW_VIEW.filter((c) => getPath(q, c.key) !== undefined));
    }),
  );
}
