import type { Command } from 'commander';
import { noun, run, verb } from '../../cli/command.js';
import type { View } from '../../render/view.js';
import { NotFoundError } from '../../errors.js';
import { ApiError } from '../../mgmt/errors.js';
import { requireName } from '../shared.js';
import { bytes, duration } from './units.js';

/** Raw numbers, for TSV (and the column list JSON projects with --columns). */
export const NODE_VIEW: View = [
  { key: 'name' },
  { key: 'type' },
  { key: 'running' },
  { key: 'mem_used', header: 'memory used', align: 'right' },
  { key: 'mem_limit', header: 'memory limit', align: 'right' },
  { key: 'disk_free', header: 'disk free', align: 'right' },
  { key: 'uptime', align: 'right' },
  { key: 'fd_used', header: 'file descriptors', align: 'right' },
  // resource alarms block publishers cluster-wide; a node that is down reports neither (empty)
  { key: 'mem_alarm', header: 'memory alarm' },
  { key: 'disk_free_alarm', header: 'disk alarm' },
];

/** The same columns in human units, for the terminal table. */
export const NODE_TABLE_VIEW: View = NODE_VIEW.map((c) => {
  if (c.key === 'uptime') return { ...c, format: duration };
  if (c.key === 'mem_used' || c.key === 'mem_limit' || c.key === 'disk_free') return { ...c, format: bytes };
  return c;
});

export function registerNode(program: Command): void {
  const node = noun(program, 'node', 'cluster nodes', 'nodes');

  verb(node, 'list', 'list the cluster nodes: memory, disk, uptime, file descriptors (human units on a terminal)').action(
    run(async (ctx) => {
      const nodes = await (await ctx.mgmt()).cluster.nodes();
      await ctx.out.list(nodes, ctx.out.mode === 'table' ? NODE_TABLE_VIEW : NODE_VIEW);
    }),
  );

  verb(node, 'show <name>', 'show one node (rabbit@host)').action(
    run(async (ctx, [name]) => {
      requireName('node', name);
      const api = (await ctx.mgmt()).cluster;
      let n;
      try {
        n = await api.node(name);
      } catch (e) {
        // RabbitMQ answers 500 with an empty body for a node that is not in the cluster (3.10–3.13)
        if (!(e instanceof ApiError) || (e.status !== 500 && e.status !== 404)) throw e;
        const names = (await api.nodes()).map((x) => String(x.name));
        if (names.includes(name)) throw e;
        throw new NotFoundError(`show node '${name}': no such node in the cluster`, `nodes: ${names.join(', ')}`);
      }
      await ctx.out.object(n, ctx.out.mode === 'table' ? NODE_TABLE_VIEW : NODE_VIEW);
    }),
  );
}
