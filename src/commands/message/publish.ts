/** rmqx publish: confirms always, every property, bodies from an argument, a file or stdin. */
import { arg, defineCommand, opt, type OptValues } from '../../cli/define.js';
import { nonNegativeInt, positiveInt, positiveNumber } from '../../cli/parsers.js';
import type { Context } from '../../cli/context.js';
import { DataError, NegativeOutcome, RmqxError, UsageError, connectionLost, describeError, exitCodeOf } from '../../errors.js';
import type { PublishStats, Settled } from '../../amqp/publisher.js';
import { signalWords, type StopSignal } from '../../io.js';
import { EnvelopeError, fromEnvelope, type Outgoing } from '../../amqp/envelope.js';
import { PROPERTY_OPTIONS, mergeProperties, propertiesFrom } from './properties.js';
import { lines, openFile, readAll } from './input.js';
import { Progress } from './progress.js';
import { withTarget } from './target.js';
import { now } from '../../clock.js';

const OPTIONS = {
  exchange: opt.string('-e, --exchange <name>', "exchange (default: the default exchange '', which routes to the queue named by the routing key)"),
  routingKey: opt.string('-k, --routing-key <key>', 'routing key'),
  file: opt.string('-f, --file <path>', 'read the body from a file (bytes as they are)'),
  lines: opt.flag('--lines', 'one message per input line (split on \\n)'),
  ndjson: opt.flag('--ndjson', 'one envelope per input line, as `get --json` and `consume --json` write them'),
  mandatory: opt.flag('--mandatory', 'an unroutable message fails the run (exit 1); without it, a warning'),
  count: opt.value('-n, --count <n>', 'publish the body n times', positiveInt),
  rate: opt.value('--rate <per-second>', 'publish at most this many messages per second', positiveNumber),
  retries: opt.withDefault('--retries <n>', 'with several AMQP URLs: reconnect this many times when a bulk publish loses its connection, sending what was not confirmed again (default 3; 0: never)', nonNegativeInt, 3),
  skip: opt.value('--skip <n>', 'leave out the first n messages of the input (resume a run that stopped: its summary gives n)', nonNegativeInt),
  ...PROPERTY_OPTIONS,
};

type PublishOptions = OptValues<typeof OPTIONS>;

export const publish = defineCommand({
  name: 'publish',
  summary: 'publish messages, waiting for publisher confirms',
  args: { body: arg.optional('body') },
  options: OPTIONS,
  run: (ctx, { body }, o) => publishMessages(ctx, body, o),
});

interface Source {
  messages: AsyncIterable<Outgoing> | Iterable<Outgoing>;
}

async function publishMessages(ctx: Context, body: string | undefined, o: PublishOptions): Promise<void> {
  // Everything is checked before connecting.
  if (o.lines && o.ndjson) throw new UsageError('--lines and --ndjson cannot be used together');
  if (body !== undefined && o.file !== undefined) throw new UsageError('give the body as an argument or with --file, not both');
  if (o.count !== undefined && (o.lines || o.ndjson)) throw new UsageError('--count repeats one body; it cannot be used with --lines or --ndjson');
  if (body === undefined && o.file === undefined && ctx.io.stdinIsTTY) {
    throw new UsageError('no message body', 'give it as an argument, with --file F, or on standard input');
  }
  if (o.exchange === '' && !o.routingKey && !o.ndjson) ctx.out.verbose("publishing to the default exchange with an empty routing key: nothing will route it");
  const flagProps = propertiesFrom(o);
  const source = await openSource(ctx, body, o, flagProps);
  if (o.skip) source.messages = skipFirst(source.messages, o.skip);

  const { Publisher, UnencodableMessage } = await import('../../amqp/publisher.js');
  let pub = await Publisher.open(await ctx.amqp('publish'));
  const bulk = Boolean(o.lines || o.ndjson || o.count !== undefined);
  // With several AMQP URLs, a bulk publish that loses its connection goes on through the next
  // node: every message sent and not confirmed is sent again (at-least-once). That needs each
  // message kept until its confirm, so it is done only then.
  const ledger = bulk && ctx.settings.amqpUrls.length > 1 && o.retries > 0 ? new Ledger() : undefined;
  const done: PublishStats = { published: 0, confirmed: 0, nacked: 0, returned: 0 };
  const stats = (): PublishStats => ({
    published: ledger ? ledger.sent : pub.stats.published,
    confirmed: done.confirmed + pub.stats.confirmed,
    nacked: done.nacked + pub.stats.nacked,
    returned: done.returned + pub.stats.returned,
  });
  const progress = new Progress(ctx, () => `published ${stats().published}, confirmed ${stats().confirmed}`);
  const started = now();
  const rate = o.rate;
  let failure: unknown;
  let resent = 0;
  let reconnects = 0;
  let nackRounds = 0;
  let lastTarget = { op: 'publish to', kind: 'exchange', name: '(default)', vhost: ctx.amqpVhost };
  // Ctrl-C or SIGTERM: stop taking input, wait for the confirms of what was sent, report. One
  // listener on the signal wakes whatever is waiting (a Promise.race per message would leave a
  // reaction on the signal's promise for every message: 100,000 messages, ~140 MB)
  let stopped: StopSignal | undefined;
  const waker: { wake?: () => void } = {};
  void ctx.io.interrupted.then((signal) => {
    stopped = signal;
    waker.wake?.();
  });
  const send = async (item: Queued) => {
    const exchange = o.exchange ?? item.m.exchange ?? '';
    if (lastTarget.name !== (exchange || '(default)')) lastTarget = { ...lastTarget, name: exchange || '(default)' };
    if (ledger) ledger.sending(item);
    await withTarget(lastTarget, () => pub.publish(exchange, o.routingKey ?? item.m.routingKey ?? '', item.m, ledger ? (outcome) => ledger.settled(item.index, outcome) : undefined));
  };
  // one reading of the input for the whole run, whatever reconnects happen in between
  const input = untilStopped(source.messages, () => stopped !== undefined, waker);
  let i = 0;
  let again: Queued[] = [];
  for (;;) {
    try {
      for (const item of again) {
        await send(item);
        resent++;
      }
      again = [];
      for (;;) {
        const r = await input.next();
        if (r.done) break;
        if (rate) {
          const due = started + (i * 1000) / rate;
          const wait = due - now();
          if (wait > 1) await new Promise<void>((res) => ((waker.wake = res), setTimeout(res, wait)));
          waker.wake = undefined;
          if (stopped) break;
        }
        const item: Queued = { index: ++i, m: r.value };
        // if the connection is lost while this one is sent, it goes again with the others
        if (ledger) ledger.current = item;
        await send(item);
      }
      // What was sent is confirmed (or refused) before anything is reported.
      await withTarget(lastTarget, () => pub.flush());
      // A node that just lost a queue's leader nacks what it cannot store until a new one is
      // elected: with fail-over on, those go again after a pause, as many times as --retries
      if (ledger?.nacked.size && nackRounds < o.retries && !stopped) {
        nackRounds++;
        again = ledger.takeNacked();
        ctx.out.warn(`${again.length} message(s) nacked by the broker; sending them again in ${nackRounds} s (${nackRounds} of --retries ${o.retries})`);
        await new Promise<void>((res) => ((waker.wake = res), setTimeout(res, nackRounds * 1000)));
        waker.wake = undefined;
        for (const k of ['confirmed', 'nacked', 'returned'] as const) done[k] += pub.stats[k];
        done.nacked -= again.length;
        pub = await Publisher.open(await ctx.amqp('publish'));
        continue;
      }
      break;
    } catch (e) {
      if (!ledger || stopped || reconnects >= o.retries || !connectionLost(e)) {
        failure = e;
        try {
          await withTarget(lastTarget, () => pub.flush());
        } catch {
          /* the failure above is the one to report */
        }
        break;
      }
      reconnects++;
      // what the lost connection had not confirmed goes again, in input order
      again = ledger.unconfirmed();
      for (const k of ['confirmed', 'nacked', 'returned'] as const) done[k] += pub.stats[k];
      const why = describeError(e).line;
      try {
        pub = await Publisher.open(await ctx.reconnectAmqp('publish'));
      } catch (e2) {
        failure = e2;
        break;
      }
      ctx.out.warn(`${why}; reconnected (${reconnects} of --retries ${o.retries}): sending the ${again.length} unconfirmed message(s) again, so some may arrive twice`);
    }
  }
  progress.stop();
  // the input is not read further (a file or a pipe is closed)
  void input.return(undefined).catch(() => {});
  const s = stats();
  ctx.record({ action: 'published', kind: 'message', vhost: ctx.amqpVhost, changed: s.published > 0, count: s.published });
  const seconds = (now() - started) / 1000;
  const rateText = s.published >= 1000 ? ` (${Math.round(s.published / seconds)} msg/s)` : '';
  const skipped = o.skip ?? 0;
  // where a run that stopped part-way goes on: after the messages confirmed without a gap
  const partial = bulk && Boolean(failure || stopped) && s.published > 0;
  const resume = partial ? resumePoint(o, skipped, ledger ? ledger.inOrder : pub.confirmedInOrder, s.published) : undefined;
  const note =
    !failure || s.published > 0
      ? `published ${s.published} message(s): ${s.confirmed} confirmed${s.returned ? `, ${s.returned} returned as unroutable` : ''}${s.nacked ? `, ${s.nacked} nacked` : ''}${rateText}${stopped ? `; stopped by ${signalWords(stopped)}` : ''}`
      : undefined;
  const again_ = resent ? `; ${resent} sent again after ${reconnects} reconnect(s) (at-least-once: some may be there twice)` : '';
  await ctx.out.result({ ...s, ...(ledger ? { resent, reconnects } : {}), seconds: Number(seconds.toFixed(3)), ...(resume ? { resume: resume.doc } : {}) }, { note: note && note + again_ });
  if (resume) ctx.out.warn(resume.words);
  if (failure instanceof UnencodableMessage) failure = new DataError(`message ${s.published + 1} cannot be encoded: ${failure.message}`);
  if (failure) {
    if (failure instanceof DataError && s.published > 0) throw new DataError(`${failure.message}; the ${s.published} message(s) before it were published`);
    if (resume) {
      const { line, hint } = describeError(failure);
      throw new RmqxError(line, exitCodeOf(failure), hint);
    }
    throw failure;
  }
  if (s.nacked) throw new NegativeOutcome(`${s.nacked} message(s) were nacked by the broker (not stored)`);
  if (s.returned) {
    const r = pub.returns[0];
    const where = r ? `routing key '${r.routingKey}' on ${r.exchange === '' ? 'the default exchange' : `exchange '${r.exchange}'`}` : 'unknown routing key';
    const text = `${s.returned} message(s) unroutable: no queue is bound for ${where}${s.returned > 1 && pub.returns.some((x) => x.routingKey !== r?.routingKey) ? ' (and others)' : ''}`;
    if (o.mandatory) throw new NegativeOutcome(text);
    ctx.out.warn(`${text}; they were dropped (add --mandatory to fail on this)`);
  }
}

async function openSource(ctx: Context, body: string | undefined, o: PublishOptions, flagProps: Outgoing['properties']): Promise<Source> {
  const file = o.file;
  const input = () => (file !== undefined ? openFile(ctx.path(file), file) : ctx.io.stdin);
  if (o.ndjson) {
    if (file !== undefined) {
      // A file is checked whole first: nothing is published from a file that fails validation.
      const all: Outgoing[] = [];
      for await (const m of envelopes(lines(input()), flagProps)) all.push(m);
      return { messages: all };
    }
    return { messages: envelopes(lines(input()), flagProps) };
  }
  if (o.lines) return { messages: map(lines(input()), (content) => ({ content, properties: flagProps })) };
  const content = body !== undefined ? Buffer.from(body, 'utf8') : await readAll(input());
  const count = o.count ?? 1;
  return { messages: repeat({ content, properties: flagProps }, count) };
}

async function* envelopes(source: AsyncIterable<Buffer>, flagProps: Outgoing['properties']): AsyncGenerator<Outgoing> {
  let n = 0;
  for await (const line of source) {
    n++;
    const text = line.toString('utf8').trim();
    if (text === '') continue;
    let m: Outgoing;
    try {
      m = fromEnvelope(JSON.parse(text));
    } catch (e) {
      const why = e instanceof EnvelopeError ? e.message : `not valid JSON (${(e as Error).message})`;
      throw new DataError(`--ndjson line ${n}: ${why}`);
    }
    m.properties = mergeProperties(m.properties, flagProps);
    yield m;
  }
}

/** One message of the input and its place in it (1-based). */
interface Queued {
  index: number;
  m: Outgoing;
}

/**
 * The messages of a run that fails over: which were sent and await their confirm (kept, to be
 * sent again on the next connection), and how many from the first are confirmed without a gap
 * (the resume point), counted by place in the input across connections.
 */
class Ledger {
  inOrder = 0;
  sent = 0;
  /** the message being sent when a failure came (it may not have gone out) */
  current?: Queued;
  private readonly ahead = new Set<number>();
  private readonly waiting = new Map<number, Queued>();
  /** nacked by the broker: sent again after a pause (a queue electing a new leader) */
  readonly nacked = new Map<number, Queued>();

  sending(item: Queued): void {
    this.sent = Math.max(this.sent, item.index);
    this.waiting.set(item.index, item);
  }

  settled(index: number, outcome: Settled): void {
    if (outcome === 'lost') return; // kept: it goes again on the next connection
    const item = this.waiting.get(index);
    this.waiting.delete(index);
    if (outcome === 'nacked') {
      if (item) this.nacked.set(index, item);
      return;
    }
    if (index !== this.inOrder + 1) {
      this.ahead.add(index);
      return;
    }
    this.inOrder++;
    while (this.ahead.delete(this.inOrder + 1)) this.inOrder++;
  }

  /** The nacked messages, to send again, in input order. */
  takeNacked(): Queued[] {
    const out = [...this.nacked.values()].sort((a, b) => a.index - b.index);
    this.nacked.clear();
    return out;
  }

  /** What to send again after a lost connection, in input order. */
  unconfirmed(): Queued[] {
    const current = this.current;
    if (current && !this.waiting.has(current.index) && current.index > this.inOrder && !this.ahead.has(current.index)) this.waiting.set(current.index, current);
    return [...this.waiting.values()].sort((a, b) => a.index - b.index);
  }
}

/** Messages from the source until a stop signal: a blocked read of the input is left at once. */
async function* untilStopped<T>(source: AsyncIterable<T> | Iterable<T>, isStopped: () => boolean, waker: { wake?: () => void }): AsyncGenerator<T> {
  const it = Symbol.asyncIterator in source ? (source as AsyncIterable<T>)[Symbol.asyncIterator]() : (source as Iterable<T>)[Symbol.iterator]();
  for (;;) {
    if (isStopped()) break;
    const r = await new Promise<IteratorResult<T> | 'stop'>((resolve, reject) => {
      waker.wake = () => resolve('stop');
      Promise.resolve(it.next()).then(resolve, reject);
    });
    waker.wake = undefined;
    if (r === 'stop' || r.done) break;
    yield r.value;
  }
  // the input is not read further; a file or pipe is closed with the process
  void Promise.resolve(it.return?.()).catch(() => {});
}

async function* skipFirst<T>(source: AsyncIterable<T> | Iterable<T>, n: number): AsyncGenerator<T> {
  let i = 0;
  for await (const m of source) if (i++ >= n) yield m;
}

/**
 * What is known when a run stops part-way, and how to go on without losing or repeating a
 * confirmed message: the first `inOrder` (after any --skip) are on the broker; the rest of what
 * was sent may or may not be.
 */
function resumePoint(o: PublishOptions, skipped: number, inOrder: number, published: number): { doc: Record<string, unknown>; words: string } {
  const done = skipped + inOrder;
  const unsure = published - inOrder;
  const how = o.lines ? `\`--skip ${done}\` with the same input (or \`tail -n +${done + 1} FILE | rmqx publish --lines …\`)` : o.count !== undefined ? `\`--count ${o.count - done}\` (or --skip ${done})` : `\`--skip ${done}\` with the same input`;
  const words = `resume point: the first ${done} message(s) of the input are confirmed on the broker${unsure ? `; ${unsure} more were sent without a confirm and may or may not be there` : ''}; to go on, run the same command with ${how}`;
  return { doc: { confirmed_in_order: done, sent_unconfirmed: unsure, skip: done }, words };
}

async function* map<T, U>(source: AsyncIterable<T>, fn: (t: T) => U): AsyncGenerator<U> {
  for await (const t of source) yield fn(t);
}

function* repeat<T>(t: T, n: number): Generator<T> {
  for (let i = 0; i < n; i++) yield t;
}
