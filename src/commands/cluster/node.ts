import type { Command } from 'commander';
import { arg, defineCommand, defineNoun, mountNoun } from '../../cli/define.js';
import { NotFoundError } from '../../errors.js';
import { NODE_FIELDS } from '../../mgmt/fields.js';
import { ApiError } from '../../mgmt/errors.js';
import type { ClusterApi } from '../../mgmt/resources/cluster.js';
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
    const n = await knownNode(api, name, 'show', () => api.node(name));
    await ctx.out.object(n, NODE_VIEW);
  },
});

/**
 * A read of one node; a node that is not in the cluster is 66 naming the nodes. RabbitMQ
 * answers 500 with an empty body for it (3.10–3.13), 404 later.
 */
async function knownNode<T>(api: ClusterApi, name: string, op: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (!(e instanceof ApiError) || (e.status !== 500 && e.status !== 404)) throw e;
    const names = (await api.nodes()).map((x) => String(x.name));
    if (names.includes(name)) throw e;
    throw new NotFoundError(`${op} node '${name}': no such node in the cluster`, `nodes: ${names.join(', ')}`);
  }
}

/** Memory categories, largest first: bytes raw in TSV and JSON, human units on a terminal. */
export const MEMORY_VIEW: View = [
  { key: 'category' },
  { key: 'bytes', align: 'right', human: bytes },
  { key: 'percent', header: '%', align: 'right', human: (v) => (typeof v === 'number' ? v.toFixed(1) : '') },
];

export interface MemoryRow extends Record<string, unknown> {
  category: string;
  bytes: number;
  /** share of the categories' sum */
  percent: number;
}

/** GET /api/nodes/{node}/memory's `memory` object → its numeric categories, largest first (strategy and total left out). */
export function memoryRows(memory: Record<string, unknown>): MemoryRow[] {
  const entries = Object.entries(memory).filter((e): e is [string, number] => typeof e[1] === 'number');
  const sum = entries.reduce((a, [, v]) => a + v, 0);
  return entries
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([category, v]) => ({ category, bytes: v, percent: sum > 0 ? Math.round((v / sum) * 1000) / 10 : 0 }));
}

export const nodeMemory = defineCommand({
  name: 'memory',
  summary: "a node's memory breakdown by category, largest first (human units on a terminal)",
  args: { name: arg.required('node') },
  help: `
The breakdown is GET /api/nodes/{node}/memory: each category in bytes (TSV and JSON keep raw
bytes; the table shows KiB/MiB/GiB), its share of the categories' sum, largest first. The node's
total by the broker's memory calculation strategy (rss or allocated) is noted on stderr.`,
  async run(ctx, { name }) {
    requireName('node', name);
    const api = (await ctx.mgmt()).cluster;
    const health = (await ctx.mgmt()).health;
    const doc = await knownNode(api, name, 'read memory of', () => health.nodeMemory(name));
    const memory = doc.memory;
    if (!memory || typeof memory !== 'object') throw new NotFoundError(`read memory of node '${name}': the broker reports no breakdown (is the node running?)`);
    await ctx.out.list(memoryRows(memory), MEMORY_VIEW);
    const strategy = typeof memory.strategy === 'string' ? memory.strategy : undefined;
    const total = memory.total as Record<string, unknown> | undefined;
    const value = strategy && total ? total[strategy] : undefined;
    if (typeof value === 'number') ctx.out.note(`node '${name}': ${bytes(value)} in total by the ${strategy} strategy`);
  },
});

export const nodeNoun = defineNoun({ name: 'node', alias: 'nodes', summary: 'cluster nodes', verbs: [nodeList, nodeShow, nodeMemory] });

/** Mount `node` (kept for the cluster family's registration). */
export function registerNode(program: Command): void {
  mountNoun(program, nodeNoun);
}
