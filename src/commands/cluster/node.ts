import type { Command } from 'commander';
import { arg, defineCommand, defineNoun, mountNoun } from '../../cli/define.js';
import { NotFoundError } from '../../errors.js';
import { NODE_FIELDS } from '../../mgmt/fields.js';
import { ApiError } from '../../mgmt/errors.js';
import { withFields, type View } from '../../render/view.js';
import { requireName } from '../shared.js';
import { bytes, duration } from './units.js';

/** Raw numbers in TSV and JSON; human units (bytes, uptime) on a terminal only. */
export const NODE_VIEW: View = withFields(
  [
    { key: 'name' },
    { key: 'type' },
    { key: 'running' },
    { key: 'mem_used', header: 'memory used', align: 'right', human: bytes },
    { key: 'mem_limit', header: 'memory limit', align: 'right', human: bytes },
    { key: 'disk_free', header: 'disk free', align: 'right', human: bytes },
    { key: 'uptime', align: 'right', human: duration },
    { key: 'fd_used', header: 'file descriptors', align: 'right' },
    // resource alarms block publishers cluster-wide; a node that is down reports neither (empty)
    { key: 'mem_alarm', header: 'memory alarm' },
    { key: 'disk_free_alarm', header: 'disk alarm' },
  ],
  NODE_FIELDS,
);

export const nodeList = defineCommand({
  name: 'list',
  summary: 'list the cluster nodes: memory, disk, uptime, file descriptors (human units on a terminal)',
  async run(ctx) {
    await ctx.out.list(await (await ctx.mgmt()).cluster.nodes(), NODE_VIEW);
  },
});

export const nodeShow = defineCommand({
  name: 'show',
  summary: 'show one node (rabbit@host)',
  args: { name: arg.required('name') },
  async run(ctx, { name }) {
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
    await ctx.out.object(n, NODE_VIEW);
  },
});

export const nodeNoun = defineNoun({ name: 'node', alias: 'nodes', summary: 'cluster nodes', verbs: [nodeList, nodeShow] });

/** Mount `node` (kept for the cluster family's registration). */
export function registerNode(program: Command): void {
  mountNoun(program, nodeNoun);
}
