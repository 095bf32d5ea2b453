/**
 * Cluster-group helpers (test/cluster/): each file starts its own private 3-node cluster
 * (scripts/broker.mjs, tier from RMQX_TEST_BROKER), runs the built rmqx against chosen nodes,
 * and checks what rmqx did with a second client (amqplib, or the management API) on a node that
 * is alive. Everything polls with a deadline; nothing sleeps for correctness.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import amqplib, { type Channel } from 'amqplib';
import { startCluster, type Cluster, type ClusterNode, type Tier } from '../../scripts/broker.mjs';
import { BIN, rmqx, until, type CliOptions } from './cli.js';
import type { RunResult } from './memory-io.js';

export type { Cluster, ClusterNode };
export { until };

export const TIER = (process.env.RMQX_TEST_BROKER ?? 'system') as Tier;

/** A 3-node cluster of the tier scripts/test.mjs chose; its log lines go to stderr. */
export function startTestCluster(): Promise<Cluster> {
  return startCluster({ tier: TIER, size: 3, log: (line) => process.stderr.write(`[broker] ${line}\n`) });
}

/** Management and AMQP URL lists for rmqx, in the order given (rmqx tries them in order). */
export function urlsOf(nodes: ClusterNode[]): Record<string, string> {
  return { RMQX_URL: nodes.map((n) => n.url).join(','), RMQX_AMQP_URL: nodes.map((n) => n.amqpUrl).join(',') };
}

/** rmqx ARGS with RMQX_URL / RMQX_AMQP_URL listing `nodes`, in that order. */
export function rmqxOn(nodes: ClusterNode[], args: string[], opts: CliOptions = {}): Promise<RunResult & { stdoutBytes: Buffer }> {
  return rmqx(args, { timeoutMs: 90_000, ...opts, env: { ...urlsOf(nodes), ...opts.env } });
}

/** A running rmqx whose stdin the test writes and whose stdout it reads as it comes. */
export interface LiveRun {
  child: ChildProcessWithoutNullStreams;
  /** stdout so far */
  stdout(): string;
  /** stderr so far (for the message of a wait that timed out) */
  stderr(): string;
  /** resolves with the exit code, stdout and stderr once the process ends */
  done: Promise<RunResult>;
  /** whether the process has ended */
  exited(): boolean;
}

/** Start rmqx ARGS against `nodes` without waiting for it; killed with SIGKILL after timeoutMs. */
export function spawnRmqx(nodes: ClusterNode[], args: string[], timeoutMs = 120_000): LiveRun {
  const env = { PATH: process.env.PATH, HOME: '/nonexistent-home', ...urlsOf(nodes) };
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let ended = false;
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => err.push(c));
  child.stdin.on('error', () => {});
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const done = new Promise<RunResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      ended = true;
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : -1), stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
  return { child, stdout: () => Buffer.concat(out).toString('utf8'), stderr: () => Buffer.concat(err).toString('utf8'), done, exited: () => ended };
}

/** Write to a child's stdin, waiting for the pipe to take it. */
export function writeInput(run: LiveRun, chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (run.child.stdin.write(chunk)) resolve();
    else {
      run.child.stdin.once('drain', () => resolve());
      run.child.once('close', () => reject(new Error('rmqx exited while its input was being written')));
    }
  });
}

/** fn on a fresh connection to one node (amqplib directly, not rmqx), closed afterwards. */
export async function onNode<T>(node: ClusterNode, fn: (ch: Channel) => Promise<T>): Promise<T> {
  const conn = await amqplib.connect(node.amqpUrl);
  conn.on('error', () => {});
  try {
    const ch = await conn.createChannel();
    ch.on('error', () => {});
    return await fn(ch);
  } finally {
    await conn.close().catch(() => {});
  }
}

/** The queue's real message count (passive declare through `node`), not the API's lagging one. */
export const depth = (node: ClusterNode, q: string): Promise<number> => onNode(node, async (ch) => (await ch.checkQueue(q)).messageCount);

/**
 * Take every message from queue q through `node` (removing them), as bodies with their
 * redelivered flag, in delivery order: a no-ack consumer for as many as the queue holds (one
 * basic.get per message is slow for tens of thousands), then basic.get until it is empty.
 */
export function drain(node: ClusterNode, q: string, timeoutMs = 60_000): Promise<Array<{ body: string; redelivered: boolean }>> {
  return onNode(node, async (ch) => {
    const got: Array<{ body: string; redelivered: boolean }> = [];
    const { messageCount } = await ch.checkQueue(q);
    if (messageCount > 0) {
      let wake: (() => void) | undefined;
      let cancelled = false;
      const { consumerTag } = await ch.consume(q, (m) => {
        if (!m) cancelled = true;
        else got.push({ body: m.content.toString('utf8'), redelivered: m.fields.redelivered });
        wake?.();
      }, { noAck: true });
      const deadline = Date.now() + timeoutMs;
      while (got.length < messageCount) {
        if (cancelled) throw new Error(`drain ${q}: the broker cancelled the consumer`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`drain ${q}: ${got.length} of ${messageCount} message(s) after ${timeoutMs} ms`);
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((r) => {
          wake = r;
          timer = setTimeout(r, Math.min(left, 1000));
        });
        clearTimeout(timer);
        wake = undefined;
      }
      await ch.cancel(consumerTag);
    }
    for (;;) {
      const m = await ch.get(q, { noAck: true });
      if (!m) return got;
      got.push({ body: m.content.toString('utf8'), redelivered: m.fields.redelivered });
    }
  });
}

/** The management API of one node, as guest. */
export async function apiOn(node: ClusterNode, path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(node.url + path, { headers: { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}` } });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/**
 * Wait until `node`'s API shows every node of the cluster running, and every quorum queue and
 * stream with all its members online (after a restart the cluster must be whole again before
 * the next test kills something).
 */
export async function whole(cluster: Cluster, via: ClusterNode, timeoutMs = 90_000): Promise<void> {
  const names = cluster.nodes.map((n) => n.nodename);
  await until(async () => {
    const nodes = await apiOn(via, '/api/nodes?columns=name,running').catch(() => undefined);
    if (nodes?.status !== 200) return false;
    const running = new Set((nodes.body as Array<{ name: string; running: boolean }>).filter((n) => n.running).map((n) => n.name));
    if (!names.every((n) => running.has(n))) return false;
    const queues = await apiOn(via, '/api/queues?columns=name,type,members,online,leader,node').catch(() => undefined);
    if (queues?.status !== 200) return false;
    return (queues.body as Array<{ type: string; members?: string[]; online?: string[] }>)
      .filter((q) => q.type === 'quorum' || q.type === 'stream')
      .every((q) => q.members?.length === names.length && q.online?.length === names.length);
  }, 'the cluster to be whole again (3 nodes running, every replica online)', timeoutMs);
}

/** Numbered lines "line-000001\n" … for n lines starting at `from` (1-based). */
export function numbered(from: number, n: number): string {
  let s = '';
  for (let i = from; i < from + n; i++) s += `line-${String(i).padStart(6, '0')}\n`;
  return s;
}

/** The node called `nodename`. */
export function nodeNamed(cluster: Cluster, nodename: string): ClusterNode {
  const n = cluster.nodes.find((x) => x.nodename === nodename);
  if (!n) throw new Error(`no node ${nodename} in the cluster (${cluster.nodes.map((x) => x.nodename).join(', ')})`);
  return n;
}

/** The other nodes of the cluster, in order. */
export const othersThan = (cluster: Cluster, ...not: ClusterNode[]): ClusterNode[] => cluster.nodes.filter((n) => !not.includes(n));

/** Boot a killed node again and wait until the cluster is whole. */
export async function restart(cluster: Cluster, node: ClusterNode): Promise<void> {
  await node.start();
  await whole(cluster, node);
}

/** The queue's leader as `rmqx queue show --json` reports it, through `via`. */
export async function leaderOf(cluster: Cluster, via: ClusterNode[], q: string): Promise<ClusterNode> {
  const r = await rmqxOn(via, ['queue', 'show', q, '--json']);
  if (r.code !== 0) throw new Error(`rmqx queue show ${q}: exit ${r.code}: ${r.stderr}`);
  const leader = JSON.parse(r.stdout).leader;
  if (typeof leader !== 'string') throw new Error(`rmqx queue show ${q} --json has no leader: ${r.stdout}`);
  return nodeNamed(cluster, leader);
}

/**
 * A quorum queue whose leader is `on`: declared by rmqx through that node's management API with
 * x-queue-leader-locator client-local (the node that declares it leads it), then checked with
 * `rmqx queue show`, and waited for until all three members are online.
 */
export async function quorumQueueOn(cluster: Cluster, on: ClusterNode, name: string): Promise<string> {
  const r = await rmqxOn([on], ['queue', 'declare', name, '--type', 'quorum', '--arg', 'x-queue-leader-locator=client-local']);
  if (r.code !== 0) throw new Error(`rmqx queue declare ${name}: exit ${r.code}: ${r.stderr}`);
  const leader = await leaderOf(cluster, [on], name);
  if (leader !== on) throw new Error(`queue ${name} declared through ${on.nodename} with client-local is led by ${leader.nodename}`);
  await whole(cluster, on);
  return name;
}

/** Occurrences of each body. */
export function tally(bodies: Iterable<string>): Map<string, number> {
  const m = new Map<string, number>();
  for (const b of bodies) m.set(b, (m.get(b) ?? 0) + 1);
  return m;
}

/** The numbered lines 1..n (as numbered() writes them, without the newline) missing from `have`. */
export function missingLines(have: Set<string> | Map<string, number>, n: number): string[] {
  const missing: string[] = [];
  for (let i = 1; i <= n; i++) {
    const line = `line-${String(i).padStart(6, '0')}`;
    if (!have.has(line)) missing.push(line);
  }
  return missing;
}
