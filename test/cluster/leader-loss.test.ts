// A 3-node cluster of its own: `rmqx consume` and `rmqx queue move` while the leader of the
// quorum queue they read is SIGKILLed. Connected to a node that stays up, neither loses nor
// doubles a message. Connected to the node that dies (a crash, for rmqx), move exits 69, loses
// nothing, and says how many it moved and that the messages it held may now be in both queues;
// every message that is in both is back in the source marked redelivered.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { unique } from '../helpers/cli.js';
import {
  depth,
  drain,
  leaderOf,
  missingLines,
  numbered,
  othersThan,
  quorumQueueOn,
  restart,
  rmqxOn,
  spawnRmqx,
  startTestCluster,
  tally,
  until,
  type Cluster,
  type ClusterNode,
} from '../helpers/cluster.js';

let cluster: Cluster;
before(async () => {
  cluster = await startTestCluster();
});
after(async () => {
  await cluster?.stop();
});

/** n numbered lines into queue q, published by rmqx (with confirms) through `via`. */
async function fill(via: ClusterNode, q: string, n: number): Promise<void> {
  const r = await rmqxOn([via], ['publish', '--lines', '-k', q], { input: numbered(1, n) });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`published ${n} message\\(s\\): ${n} confirmed`));
}

test('consume --count N from a non-leader node while the leader is killed: all N arrive, none twice unless marked redelivered', { timeout: 240_000 }, async () => {
  const [leader, follower, third] = cluster.nodes as [ClusterNode, ClusterNode, ClusterNode];
  const q = await quorumQueueOn(cluster, leader, unique('qq-consume'));
  const total = 5000;
  await fill(follower, q, total);

  const run = spawnRmqx([follower], ['consume', q, '--count', String(total), '--json', '--prefetch', '20']);
  const lines = () => run.stdout().split('\n').length - 1;
  await until(async () => lines() >= total / 5, 'consume to be under way', 60_000);
  // stop reading: rmqx blocks on its next write with its prefetch unacked, so the leader dies
  // mid-run, and the acks of what it holds go to the new leader
  run.child.stdout.pause();
  const runningAtKill = !run.exited();
  leader.kill();
  let res;
  try {
    await until(async () => {
      const l = await leaderOf(cluster, [follower, third], q).catch(() => undefined);
      return l !== undefined && l !== leader;
    }, `a new leader of ${q}`, 60_000);
  } finally {
    run.child.stdout.resume();
    res = await run.done;
    await restart(cluster, leader);
  }
  assert.ok(runningAtKill, 'consume was still running when the leader was killed');
  assert.equal(res.code, 0, res.stderr);
  const envelopes = res.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { payload: string; redelivered: boolean });
  assert.equal(envelopes.length, total, 'exactly --count messages written');
  assert.match(res.stderr, new RegExp(`^${total} message\\(s\\) from queue '${q}' acked; stopped by --count ${total}$`, 'm'));
  const seen = new Map<string, number>();
  const silent: string[] = [];
  for (const e of envelopes) {
    const n = seen.get(e.payload) ?? 0;
    if (n > 0 && !e.redelivered) silent.push(e.payload);
    seen.set(e.payload, n + 1);
  }
  assert.deepEqual(silent.slice(0, 5), [], `${silent.length} message(s) written twice without the redelivered flag`);

  // what rmqx did not take is still there; what it acked is not back (or, if the broker
  // lost an ack, comes back marked redelivered)
  const rest = await drain(third, q);
  const backUnmarked = rest.filter((m) => seen.has(m.body) && !m.redelivered).map((m) => m.body);
  assert.deepEqual(backUnmarked.slice(0, 5), [], 'a message rmqx acked is back in the queue unmarked');
  const all = new Set([...seen.keys(), ...rest.map((m) => m.body)]);
  assert.deepEqual(missingLines(all, total).slice(0, 5), [], 'every message was written or is still in the queue');
  assert.equal(all.size, total);
});

/**
 * `queue move SRC DST` through `via` while SRC's leader (`leader`) is killed once a tenth of the
 * messages are in DST. Returns what rmqx said and what each queue holds afterwards, with the
 * killed node back.
 */
async function moveAcrossLeaderKill(leader: ClusterNode, via: ClusterNode, dstOn: ClusterNode, total: number) {
  const src = await quorumQueueOn(cluster, leader, unique('qq-move-src'));
  const dst = await quorumQueueOn(cluster, dstOn, unique('qq-move-dst'));
  await fill(dstOn, src, total);
  const watcher = othersThan(cluster, leader).find((n) => n !== via) ?? dstOn;

  const run = spawnRmqx([via], ['queue', 'move', src, dst, '--json']);
  await until(async () => (await depth(watcher, dst)) >= total / 10, `the move to be under way (${dst})`, 60_000);
  const runningAtKill = !run.exited();
  leader.kill();
  let res;
  try {
    res = await run.done;
  } finally {
    await restart(cluster, leader);
  }
  const inDst = await drain(watcher, dst);
  const inSrc = await drain(watcher, src);
  return { res, runningAtKill, inDst, inSrc, src, dst };
}

test('queue move through a node that stays up while the source leader is killed: every message once, in SRC or DST, as rmqx reports', { timeout: 300_000 }, async () => {
  const [leader, via, dstOn] = cluster.nodes as [ClusterNode, ClusterNode, ClusterNode];
  const total = 20_000;
  const { res, runningAtKill, inDst, inSrc } = await moveAcrossLeaderKill(leader, via, dstOn, total);
  assert.ok(runningAtKill, 'the move was still running when the leader was killed');
  assert.equal(res.code, 0, res.stderr);
  const { moved, kept } = JSON.parse(res.stdout) as { moved: number; kept: number };
  assert.equal(kept, 0);
  const counts = tally([...inDst, ...inSrc].map((m) => m.body));
  const twice = [...counts].filter(([, n]) => n > 1).map(([b]) => b);
  assert.deepEqual(twice.slice(0, 5), [], `${twice.length} message(s) in both queues`);
  assert.deepEqual(missingLines(counts, total).slice(0, 5), [], 'no message lost');
  assert.equal(counts.size, total);
  // what rmqx reports as moved is what the destination holds; the rest is still in the source
  assert.equal(inDst.length, moved, res.stderr);
  assert.equal(inSrc.length, total - moved);
});

test('queue move through the node that is killed (the source leader): exit 69, nothing lost, doubles only as rmqx says and marked redelivered', { timeout: 300_000 }, async () => {
  const [leader, , dstOn] = cluster.nodes as [ClusterNode, ClusterNode, ClusterNode];
  const total = 20_000;
  const { res, runningAtKill, inDst, inSrc, src, dst } = await moveAcrossLeaderKill(leader, leader, dstOn, total);
  assert.ok(runningAtKill, 'the move was still running when the leader was killed');
  assert.equal(res.code, 69, res.stderr);
  const m = new RegExp(`moved (\\d+) message\\(s\\) from queue '${src}' to queue '${dst}' in vhost '/' before the failure; up to (\\d+) message\\(s\\) may now be in both queues`).exec(res.stderr);
  assert.ok(m, `rmqx says how many it moved and how many may be doubled: ${res.stderr}`);
  const moved = Number(m[1]);
  const doubtful = Number(m[2]);

  const inSource = new Map(inSrc.map((x) => [x.body, x.redelivered]));
  const counts = tally([...inDst, ...inSrc].map((x) => x.body));
  assert.deepEqual(missingLines(counts, total).slice(0, 5), [], 'no message lost');
  assert.equal(counts.size, total);
  assert.equal(tally(inDst.map((x) => x.body)).size, inDst.length, 'nothing is twice in the destination');
  const both = [...counts].filter(([, n]) => n > 1).map(([b]) => b);
  assert.ok(both.length <= doubtful, `${both.length} message(s) in both queues, rmqx said up to ${doubtful}`);
  const unmarked = both.filter((b) => inSource.get(b) !== true);
  assert.deepEqual(unmarked.slice(0, 5), [], 'a message in both queues is marked redelivered in the source');
  assert.ok(inDst.length >= moved, `the destination holds ${inDst.length} >= ${moved} moved`);
});
