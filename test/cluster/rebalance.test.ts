// A 3-node cluster of its own: `rmqx queue rebalance` spreads quorum queue leaders that all sit
// on one node across the three, and says how many each node leads before and after.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { unique } from '../helpers/cli.js';
import { quorumQueueOn, rmqxOn, startTestCluster, until, type Cluster } from '../helpers/cluster.js';

let cluster: Cluster;
before(async () => {
  cluster = await startTestCluster();
});
after(async () => {
  await cluster?.stop();
});

test('queue rebalance: six quorum leaders on one node end up spread over the three; the table counts them', async () => {
  const [first] = cluster.nodes;
  const names = Array.from({ length: 6 }, () => unique('rb'));
  for (const n of names) await quorumQueueOn(cluster, first!, n);
  const r = await rmqxOn(cluster.nodes, ['queue', 'rebalance', '--wait', '60', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const rows = JSON.parse(r.stdout) as Array<{ node: string; leaders_before: number; leaders_after: number }>;
  assert.deepEqual(rows.map((x) => x.node).sort(), cluster.nodes.map((n) => n.nodename).sort());
  assert.equal(rows.find((x) => x.node === first!.nodename)?.leaders_before, 6);
  assert.equal(rows.reduce((a, x) => a + x.leaders_after, 0), 6, 'every leader counted once');
  assert.ok(Math.max(...rows.map((x) => x.leaders_after)) - Math.min(...rows.map((x) => x.leaders_after)) <= 1, `even after: ${r.stdout}`);
  // the broker agrees: each queue's leader, read by rmqx queue show
  await until(async () => {
    const seen = new Map<string, number>();
    for (const n of names) {
      const s = await rmqxOn(cluster.nodes, ['queue', 'show', n, '--json']);
      const leader = String(JSON.parse(s.stdout).leader);
      seen.set(leader, (seen.get(leader) ?? 0) + 1);
    }
    return seen.size === 3;
  }, 'leaders on all three nodes', 30_000);
});
