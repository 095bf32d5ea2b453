/**
 * rmqx queue rebalance: spread quorum queue leaders across the cluster's nodes (the broker's own
 * POST /api/rebalance/queues, as `rabbitmq-queues rebalance quorum`), then wait until the
 * leaders have settled and show how many each node leads, before and after.
 */
import { defineCommand, opt } from '../../cli/define.js';
import { positiveNumber } from '../../cli/parsers.js';
import type { Mgmt } from '../../mgmt/client.js';

/** Quorum queue leaders per running node (0 for a node that leads none). */
async function leaders(m: Mgmt): Promise<Map<string, number>> {
  const [queues, nodes] = await Promise.all([m.queues.list(undefined, { columns: ['name', 'vhost', 'type', 'leader', 'node'], stats: false }), m.cluster.nodes()]);
  const counts = new Map<string, number>(nodes.filter((n) => n.running !== false).map((n) => [String(n.name), 0]));
  for (const q of queues) {
    if (q.type !== 'quorum') continue;
    const leader = String(q.leader ?? q.node ?? '');
    counts.set(leader, (counts.get(leader) ?? 0) + 1);
  }
  return counts;
}

const spread = (c: Map<string, number>) => Math.max(0, ...c.values()) - Math.min(...c.values());
const same = (a: Map<string, number>, b: Map<string, number>) => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll until the counts are even (spread ≤ 1) or have not moved for three polls, or time runs out. */
async function settle(m: Mgmt, seconds: number): Promise<Map<string, number>> {
  const deadline = Date.now() + seconds * 1000;
  let last = await leaders(m);
  let still = 0;
  while (Date.now() < deadline && spread(last) > 1 && still < 3) {
    await sleep(1000);
    const now = await leaders(m);
    still = same(now, last) ? still + 1 : 0;
    last = now;
  }
  return last;
}

export const queueRebalance = defineCommand({
  name: 'rebalance',
  summary: 'spread quorum queue leaders across the cluster nodes, and show the leaders per node before and after',
  options: {
    wait: opt.withDefault('--wait <seconds>', 'how long to wait for the leaders to settle (0: do not wait)', (v) => (v === '0' ? 0 : positiveNumber(v)), 30),
  },
  help: `The broker moves leaders in the background; rmqx asks it to, then polls the queue list until
the leaders are even (no node leads more than one more than another) or stop moving, at most
--wait seconds. Exit 0 when asked; the table says how far it got.`,
  async run(ctx, _args, { wait }) {
    const m = await ctx.mgmt();
    const before = await leaders(m);
    await m.queues.rebalance();
    const after = wait > 0 ? await settle(m, wait) : before;
    const rows = [...new Set([...before.keys(), ...after.keys()])].sort().map((node) => ({ node, leaders_before: before.get(node) ?? 0, leaders_after: wait > 0 ? (after.get(node) ?? 0) : null }));
    ctx.record({ action: 'rebalanced', kind: 'queues', changed: !same(before, after) });
    await ctx.out.list(rows, [{ key: 'node' }, { key: 'leaders_before', header: 'leaders before', align: 'right' }, { key: 'leaders_after', header: 'leaders after', align: 'right' }]);
    ctx.out.note(wait > 0 ? `asked the broker to rebalance quorum queue leaders; ${spread(after) <= 1 ? 'they are even now' : 'they had not settled evenly within the wait'}` : 'asked the broker to rebalance quorum queue leaders');
  },
});
