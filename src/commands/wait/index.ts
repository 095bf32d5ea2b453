/**
 * `rmqx wait CONDITION`: block until the condition holds (exit 0), or exit 75 at --timeout
 * saying the last value seen. Polls every --interval; progress on a terminal's stderr only.
 */
import net from 'node:net';
import { arg, defineCommand, defineNoun, opt, type CommandDef } from '../../cli/define.js';
import type { Context } from '../../cli/context.js';
import { EXIT, NetworkError, RmqxError, UsageError, describeError } from '../../errors.js';
import { ApiError } from '../../mgmt/errors.js';
import { requireName } from '../shared.js';
import { comparisonOption, comparisonWords, holds, intervalOption, poll, seconds, waitDurationOption, type Comparison, type Probe } from './conditions.js';

const TIMING = {
  timeout: opt.withDefault('--timeout <duration>', 'give up after this long: exit 75 (seconds, or 500ms, 60s, 2m; default 60s)', waitDurationOption, 60_000),
  interval: opt.withDefault('--interval <duration>', 'time between looks (default 1s)', intervalOption, 1000),
};

const STATS_NOTE = `
The management API's queue counts (messages, messages ready, consumers) are as of the broker's
last statistics emission (every 5 s by default): a condition on them holds up to that much
after it became true.`;

/** Errors that waiting can cure: the broker is not up yet, or answers 5xx/503 while booting. */
function transient(e: unknown): boolean {
  return e instanceof NetworkError || (e instanceof ApiError && e.status >= 500);
}

/** A look that failed in a way waiting may cure becomes the value seen; anything else ends the wait. */
async function looking(fn: () => Promise<Probe>): Promise<Probe> {
  try {
    return await fn();
  } catch (e) {
    if (!transient(e)) throw e;
    return { holds: false, value: describeError(e).line };
  }
}

interface Subject {
  /** "queue 'q' in vhost '/'" */
  what: string;
  /** what is waited for, in words ("0", ">= 1", "running") */
  want: string;
  doc: Record<string, unknown>;
}

async function waitFor(ctx: Context, subject: Subject, timing: { timeout: number; interval: number }, look: () => Promise<Probe>): Promise<void> {
  const tty = ctx.io.stderrIsTTY && !ctx.globals.quiet;
  let shown = false;
  const result = await poll(() => looking(look), {
    timeoutMs: timing.timeout,
    intervalMs: timing.interval,
    progress: tty
      ? (last, elapsed) => {
          shown = true;
          ctx.io.stderr.write(`\r\x1b[Kwaiting: ${subject.what}: ${last.value} (${seconds(Math.round(elapsed / 1000) * 1000)} of ${seconds(timing.timeout)})`);
        }
      : undefined,
  });
  if (shown) ctx.io.stderr.write('\r\x1b[K');
  const last = result.last?.value ?? 'no answer yet';
  if (!result.ok) throw new RmqxError(`${subject.what}: ${last}, waited for ${subject.want} (${seconds(timing.timeout)})`, EXIT.temporary);
  await ctx.out.result({ ...subject.doc, holds: true, waited_ms: result.elapsedMs, looks: result.looks, ...(result.last?.data ?? {}) }, { note: `${subject.what}: ${last} (after ${seconds(Math.round(result.elapsedMs / 100) * 100)})` });
}

export const waitBroker = defineCommand({
  name: 'broker',
  summary: 'until the management API answers, its node runs and the AMQP port accepts a TCP connection',
  options: TIMING,
  async run(ctx, _args, timing) {
    const mgmt = await ctx.mgmt();
    const amqp = new URL(ctx.settings.amqpUrls[0] as string);
    const host = amqp.hostname.replace(/^\[|\]$/g, '');
    const port = amqp.port ? Number(amqp.port) : amqp.protocol === 'amqps:' ? 5671 : 5672;
    await waitFor(ctx, { what: 'broker', want: 'the management API, the node and the AMQP port', doc: { condition: 'broker' } }, timing, async () => {
      const overview = await mgmt.cluster.overview();
      const node = String(overview.node ?? '');
      const n = await mgmt.cluster.node(node);
      if (n.running !== true) return { holds: false, value: `node '${node}' is not running` };
      const tcp = await tcpOpen(host, port, Math.min(5000, timing.timeout));
      if (tcp !== true) return { holds: false, value: `AMQP port ${host}:${port}: ${tcp}` };
      return { holds: true, value: `node '${node}' runs RabbitMQ ${String(overview.rabbitmq_version ?? '?')}, AMQP port ${host}:${port} open`, data: { node, rabbitmq_version: overview.rabbitmq_version, amqp: `${host}:${port}` } };
    });
  },
});

/** true, or the words for why not. */
function tcpOpen(host: string, port: number, timeoutMs: number): Promise<true | string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (r: true | string) => {
      socket.destroy();
      resolve(r);
    };
    socket.setTimeout(timeoutMs, () => done('no answer'));
    socket.once('connect', () => done(true));
    socket.once('error', (e: NodeJS.ErrnoException) => done(e.code === 'ECONNREFUSED' ? 'connection refused' : (e.code ?? e.message)));
  });
}

export const waitQueue = defineCommand({
  name: 'queue',
  summary: 'until a queue exists, or its message or consumer counts compare as asked',
  args: { name: arg.required('queue') },
  options: {
    exists: opt.flag('--exists', 'the queue exists (the default when no count is given)'),
    messages: opt.value('--messages <n>', "messages (ready + unacknowledged): N, or '<=N', '>=N', '<N', '>N'", comparisonOption),
    messagesReady: opt.value('--messages-ready <n>', 'messages ready for delivery, compared the same way', comparisonOption),
    messagesUnacknowledged: opt.value('--messages-unacknowledged <n>', 'messages delivered and not yet acknowledged', comparisonOption),
    consumers: opt.value('--consumers <n>', "consumers, e.g. '>=1'", comparisonOption),
    ...TIMING,
  },
  help: `${STATS_NOTE}

Examples:
  rmqx wait queue orders --exists
  rmqx wait queue orders --messages 0 --timeout 2m
  rmqx wait queue orders --consumers '>=1' --messages-ready '<=10'`,
  async run(ctx, { name }, o) {
    requireName('queue', name);
    const vhost = ctx.vhost;
    const counts: Array<[string, string, Comparison]> = [];
    if (o.messages) counts.push(['messages', 'messages', o.messages]);
    if (o.messagesReady) counts.push(['messages_ready', 'messages ready', o.messagesReady]);
    if (o.messagesUnacknowledged) counts.push(['messages_unacknowledged', 'messages unacknowledged', o.messagesUnacknowledged]);
    if (o.consumers) counts.push(['consumers', 'consumers', o.consumers]);
    const what = `queue '${name}' in vhost '${vhost}'`;
    const want = counts.length === 0 ? 'it to exist' : counts.length === 1 ? comparisonWords((counts[0] as [string, string, Comparison])[2]) : counts.map(([, w, c]) => `${w} ${comparisonWords(c)}`).join(' and ');
    const api = (await ctx.mgmt()).queues;
    const columns = ['name', ...counts.map(([k]) => k)];
    await waitFor(ctx, { what, want, doc: { condition: 'queue', name, vhost } }, o, async () => {
      const q = await api.find(vhost, name, columns);
      if (!q) return { holds: false, value: 'does not exist' };
      if (counts.length === 0) return { holds: true, value: 'exists' };
      const data: Record<string, unknown> = {};
      let ok = true;
      const words: string[] = [];
      for (const [key, label, c] of counts) {
        const v = q[key];
        data[key] = v ?? null;
        if (typeof v !== 'number') {
          ok = false;
          words.push(`${label} not reported yet`);
          continue;
        }
        if (!holds(c, v)) ok = false;
        words.push(`${label} ${v}`);
      }
      return { holds: ok, value: words.join(', '), data };
    });
  },
});

export const waitNode = defineCommand({
  name: 'node',
  summary: 'until a cluster node runs',
  args: { name: arg.required('node') },
  options: { running: opt.flag('--running', 'the node runs (the default)'), ...TIMING },
  async run(ctx, { name }, o) {
    requireName('node', name);
    const api = (await ctx.mgmt()).cluster;
    await waitFor(ctx, { what: `node '${name}'`, want: 'running', doc: { condition: 'node', name } }, o, async () => {
      let n;
      try {
        n = await api.node(name);
      } catch (e) {
        // 3.10–3.13 answer 500 with no body for a node not in the cluster, later versions 404
        if (!(e instanceof ApiError) || (e.status !== 404 && e.status !== 500)) throw e;
        const names = (await api.nodes()).map((x) => String(x.name));
        if (names.includes(name)) throw e;
        return { holds: false, value: `not a member of the cluster (nodes: ${names.join(', ')})` };
      }
      return n.running === true ? { holds: true, value: 'running', data: { running: true } } : { holds: false, value: 'not running', data: { running: false } };
    });
  },
});

/** The /api/shovels states of a shovel that runs and moves messages: RabbitMQ 4.x says flow for a running one under flow control. */
export const RUNNING_SHOVEL: readonly string[] = ['running', 'flow'];

export const waitShovel = defineCommand({
  name: 'shovel',
  summary: 'until a shovel (in -V) is running (GET /api/shovels: the rabbitmq_shovel_management plugin)',
  args: { name: arg.required('shovel') },
  options: { running: opt.flag('--running', 'the shovel is running (the default): state running, or flow (4.x: running under flow control)'), ...TIMING },
  async run(ctx, { name }, o) {
    requireName('shovel', name);
    const vhost = ctx.vhost;
    const api = (await ctx.mgmt()).health;
    await waitFor(ctx, { what: `shovel '${name}' in vhost '${vhost}'`, want: 'running', doc: { condition: 'shovel', name, vhost } }, o, async () => {
      let all;
      try {
        all = await api.shovels(vhost);
      } catch (e) {
        if (e instanceof ApiError && e.status === 404)
          throw new RmqxError(`wait for shovel '${name}': the broker has no shovel status API (GET /api/shovels answers 404)`, EXIT.unavailable, 'enable the plugin: rabbitmq-plugins enable rabbitmq_shovel_management');
        throw e;
      }
      const s = all.find((x) => x.name === name);
      if (!s) return { holds: false, value: 'does not exist (yet)' };
      const state = String(s.state ?? 'unknown');
      const reason = s.reason === undefined ? '' : `: ${typeof s.reason === 'string' ? s.reason : JSON.stringify(s.reason)}`;
      // 4.x reports a running shovel's credit flow as its state: flow (running, throttled) holds;
      // blocked (running, moving nothing) does not
      return { holds: RUNNING_SHOVEL.includes(state), value: `state ${state}${reason}`, data: { state } };
    });
  },
});

export const waitCluster = defineCommand({
  name: 'cluster',
  summary: 'until the number of running nodes compares as asked',
  options: { nodes: opt.value('--nodes <n>', "running nodes: N, or '>=N', …", comparisonOption), ...TIMING },
  async run(ctx, _args, o) {
    if (!o.nodes) throw new UsageError('wait cluster: --nodes is required, e.g. --nodes 3');
    const want = o.nodes;
    const api = (await ctx.mgmt()).cluster;
    await waitFor(ctx, { what: 'cluster', want: `${comparisonWords(want)} running nodes`, doc: { condition: 'cluster' } }, o, async () => {
      const nodes = await api.nodes();
      const running = nodes.filter((n) => n.running === true).map((n) => String(n.name));
      return { holds: holds(want, running.length), value: `${running.length} of ${nodes.length} nodes running`, data: { running: running.length, nodes: nodes.length } };
    });
  },
});

const VERBS: ReadonlyArray<CommandDef<any, any>> = [waitBroker, waitQueue, waitNode, waitShovel, waitCluster];

export const waitNoun = defineNoun({ name: 'wait', summary: 'block until a condition holds (exit 75 at --timeout, with the last value seen)', verbs: VERBS });
