/** rmqx publish: confirms always, every property, bodies from an argument, a file or stdin. */
import { arg, defineCommand, opt, type OptValues } from '../../cli/define.js';
import { positiveInt, positiveNumber } from '../../cli/parsers.js';
import type { Context } from '../../cli/context.js';
import { DataError, NegativeOutcome, UsageError } from '../../errors.js';
import { EnvelopeError, fromEnvelope, type Outgoing } from '../../amqp/envelope.js';
import { PROPERTY_OPTIONS, mergeProperties, propertiesFrom } from './properties.js';
import { lines, openFile, readAll } from './input.js';
import { Progress } from './progress.js';
import { withTarget } from './target.js';

const OPTIONS = {
  exchange: opt.string('-e, --exchange <name>', "exchange (default: the default exchange '', which routes to the queue named by the routing key)"),
  routingKey: opt.string('-k, --routing-key <key>', 'routing key'),
  file: opt.string('-f, --file <path>', 'read the body from a file (bytes as they are)'),
  lines: opt.flag('--lines', 'one message per input line (split on \\n)'),
  ndjson: opt.flag('--ndjson', 'one envelope per input line, as `get --json` and `consume --json` write them'),
  mandatory: opt.flag('--mandatory', 'an unroutable message fails the run (exit 1); without it, a warning'),
  count: opt.value('-n, --count <n>', 'publish the body n times', positiveInt),
  rate: opt.value('--rate <per-second>', 'publish at most this many messages per second', positiveNumber),
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

  const session = await ctx.amqp('publish');
  const { Publisher, UnencodableMessage } = await import('../../amqp/publisher.js');
  const pub = await Publisher.open(session);
  const progress = new Progress(ctx, () => `published ${pub.stats.published}, confirmed ${pub.stats.confirmed}`);
  const started = performance.now();
  const rate = o.rate;
  let failure: unknown;
  let lastTarget = { op: 'publish to', kind: 'exchange', name: '(default)', vhost: ctx.amqpVhost };
  try {
    let i = 0;
    for await (const m of source.messages) {
      if (rate) {
        const due = started + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      }
      const exchange = o.exchange ?? m.exchange ?? '';
      if (lastTarget.name !== (exchange || '(default)')) lastTarget = { ...lastTarget, name: exchange || '(default)' };
      await withTarget(lastTarget, () => pub.publish(exchange, o.routingKey ?? m.routingKey ?? '', m));
      i++;
    }
  } catch (e) {
    failure = e;
  }
  // What was sent is confirmed (or refused) before anything is reported.
  try {
    await withTarget(lastTarget, () => pub.flush());
  } catch (e) {
    failure ??= e;
  } finally {
    progress.stop();
  }
  const s = pub.stats;
  ctx.record({ action: 'published', kind: 'message', vhost: ctx.amqpVhost, changed: s.published > 0, count: s.published });
  const seconds = (performance.now() - started) / 1000;
  const rateText = s.published >= 1000 ? ` (${Math.round(s.published / seconds)} msg/s)` : '';
  const note =
    !failure || s.published > 0
      ? `published ${s.published} message(s): ${s.confirmed} confirmed${s.returned ? `, ${s.returned} returned as unroutable` : ''}${s.nacked ? `, ${s.nacked} nacked` : ''}${rateText}`
      : undefined;
  await ctx.out.result({ ...s, seconds: Number(seconds.toFixed(3)) }, { note });
  if (failure instanceof UnencodableMessage) failure = new DataError(`message ${s.published + 1} cannot be encoded: ${failure.message}`);
  if (failure) {
    if (failure instanceof DataError && s.published > 0) throw new DataError(`${failure.message}; the ${s.published} message(s) before it were published`);
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

async function* map<T, U>(source: AsyncIterable<T>, fn: (t: T) => U): AsyncGenerator<U> {
  for await (const t of source) yield fn(t);
}

function* repeat<T>(t: T, n: number): Generator<T> {
  for (let i = 0; i < n; i++) yield t;
}
