// A 3-node cluster of its own: `rmqx node list` shows every node with its state and alarms, and a
// killed one as not running; comma-separated --url and --amqp-url lists fail over past a dead
// first node, for admin commands and for publish.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { unique } from '../helpers/cli.js';
import { depth, drain, othersThan, restart, rmqxOn, startTestCluster, until, type Cluster, type ClusterNode } from '../helpers/cluster.js';

let cluster: Cluster;
before(async () => {
  cluster = await startTestCluster();
});
after(async () => {
  await cluster?.stop();
});

/** `rmqx node list` in TSV through `via`, as rows of cells keyed by node name. */
async function nodeRows(via: ClusterNode[]): Promise<Map<string, string[]>> {
  const r = await rmqxOn(via, ['node', 'list']);
  assert.equal(r.code, 0, r.stderr);
  return new Map(r.stdout.replace(/\n$/, '').split('\n').map((line) => {
    const cells = line.split('\t');
    return [cells[0] as string, cells];
  }));
}

test('node list: the three nodes, running, with their alarm columns; a killed node shows as not running', { timeout: 240_000 }, async () => {
  const names = cluster.nodes.map((n) => n.nodename).sort();
  // a node reports its alarms with its first statistics, a moment after it joined
  const json = await until(async () => {
    const r = await rmqxOn(cluster.nodes, ['node', 'list', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const list = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    return list.every((n) => typeof n.mem_alarm === 'boolean' && typeof n.disk_free_alarm === 'boolean') && list;
  }, 'every node to report its alarms', 30_000);
  assert.deepEqual(json.map((n) => n.name).sort(), names);
  for (const n of json) {
    assert.equal(n.running, true, `${n.name} running`);
    assert.equal(n.mem_alarm, false, `${n.name} has no memory alarm`);
    assert.equal(n.disk_free_alarm, false, `${n.name} has no disk alarm`);
  }

  // TSV: name, type, running, memory used … and the alarms last (memory, disk)
  const rows = await nodeRows(cluster.nodes);
  assert.deepEqual([...rows.keys()].sort(), names);
  for (const cells of rows.values()) {
    assert.equal(cells.length, 10, cells.join('|'));
    assert.equal(cells[2], 'true');
    assert.match(cells[3] ?? '', /^\d+$/, 'memory used in bytes');
    assert.deepEqual(cells.slice(8), ['false', 'false'], `alarm columns of ${cells[0]}`);
  }
  const victim = cluster.nodes[2] as ClusterNode;
  const alive = othersThan(cluster, victim);
  victim.kill();
  try {
    // the others notice at once (the distribution link drops); poll, the API is not instant
    const after = await until(async () => {
      const r = await nodeRows(alive);
      return r.get(victim.nodename)?.[2] === 'false' && r;
    }, `node list to show ${victim.nodename} as not running`, 60_000);
    assert.equal(after.size, 3, 'a dead node stays listed');
    for (const n of alive) assert.equal(after.get(n.nodename)?.[2], 'true', `${n.nodename} still running`);
    // a node that is down reports no alarms: empty cells, not false
    assert.deepEqual(after.get(victim.nodename)?.slice(8), ['', '']);
    const one = await rmqxOn(alive, ['node', 'show', victim.nodename, '--json']);
    assert.equal(one.code, 0, one.stderr);
    assert.equal(JSON.parse(one.stdout).running, false);
  } finally {
    await restart(cluster, victim);
  }
  const back = await until(async () => {
    const r = await nodeRows(cluster.nodes);
    return [...r.values()].every((cells) => cells[2] === 'true') && r;
  }, 'every node running again', 60_000);
  assert.equal(back.size, 3);
});

test('--url and --amqp-url lists: with the first node dead, admin commands and publish use the next', { timeout: 240_000 }, async () => {
  const [dead, second, third] = cluster.nodes as [ClusterNode, ClusterNode, ClusterNode];
  const url = [dead, second, third].map((n) => n.url).join(',');
  const amqpUrl = [dead, second, third].map((n) => n.amqpUrl).join(',');
  // flags only: nothing in the environment points anywhere
  const run = (args: string[], input?: string) => rmqxOn([], [...args, '--url', url, '--amqp-url', amqpUrl], { input, env: { RMQX_URL: undefined, RMQX_AMQP_URL: undefined } });
  const q = unique('failover');
  dead.kill();
  try {
    // the dead node refuses connections as soon as it is gone
    await until(async () => (await fetch(dead.url).then(() => false, () => true)), `${dead.nodename} to refuse connections`, 30_000);

    const vhosts = await run(['vhost', 'list']);
    assert.equal(vhosts.code, 0, vhosts.stderr);
    assert.match(vhosts.stdout, /^\/(\t|$)/m, 'the default vhost is listed');

    const declared = await run(['queue', 'declare', q, '--type', 'quorum']);
    assert.equal(declared.code, 0, declared.stderr);
    assert.match(declared.stderr, new RegExp(`declared queue '${q}'`));
    const shown = await run(['queue', 'show', q, '--json']);
    assert.equal(shown.code, 0, shown.stderr);
    assert.equal(JSON.parse(shown.stdout).type, 'quorum');

    const one = await run(['publish', 'through the second node', '-k', q]);
    assert.equal(one.code, 0, one.stderr);
    assert.match(one.stderr, /published 1 message\(s\): 1 confirmed/);
    const lines = await run(['publish', '--lines', '-k', q], 'a\nb\nc\n');
    assert.equal(lines.code, 0, lines.stderr);
    assert.match(lines.stderr, /published 3 message\(s\): 3 confirmed/);
    assert.equal(await depth(third, q), 4);
    assert.deepEqual((await drain(third, q)).map((m) => m.body), ['through the second node', 'a', 'b', 'c']);

    // the same through the environment (RMQX_URL, RMQX_AMQP_URL), as a profile-less CI job sets it
    const env = await rmqxOn([dead, second, third], ['publish', 'from the environment', '-k', q]);
    assert.equal(env.code, 0, env.stderr);
    assert.deepEqual((await drain(third, q)).map((m) => m.body), ['from the environment']);

    // every node dead in the list: unavailable (69), not a hang or a crash
    const none = await rmqxOn([], ['vhost', 'list', '--url', `${dead.url},${dead.url}`], { env: { RMQX_URL: undefined, RMQX_AMQP_URL: undefined } });
    assert.equal(none.code, 69, none.stderr);
    const nonePublish = await rmqxOn([], ['publish', 'x', '-k', q, '--url', dead.url, '--amqp-url', `${dead.amqpUrl},${dead.amqpUrl}`], { env: { RMQX_URL: undefined, RMQX_AMQP_URL: undefined } });
    assert.equal(nonePublish.code, 69, nonePublish.stderr);
    assert.match(nonePublish.stderr, /connection refused/);
  } finally {
    await restart(cluster, dead);
  }
  await rmqxOn(cluster.nodes, ['queue', 'delete', q]);
});
