/** rmqx publish: confirms always, every property, bodies from an argument, a file or stdin. */
import type { Command } from 'commander';
import { run, verb } from '../../cli/command.js';
import { positiveInt, positiveNumber } from '../../cli/parsers.js';
import type { Context } from '../../cli/context.js';
import { DataError, NegativeOutcome, UsageError } from '../../errors.js';
import { EnvelopeError, fromEnvelope, type Outgoing } from '../../amqp/envelope.js';
import { addPropertyOptions, mergeProperties, propertiesFrom } from './properties.js';
import { lines, openFile, readAll } from './input.js';
import { Progress } from './progress.js';
import { withTarget } from './target.js';

export function registerPublish(program: Command): void {
  addPropertyOptions(
    verb(program, 'publish [body]', 'publish messages, waiting for publisher confirms')
      .option('-e, --exchange <name>', "exchange (default: the default exchange '', which routes to the queue named by the routing key)")
      .option('-k, --routing-key <key>', 'routing key')
      .option('-f, --file <path>', 'read the body from a file (bytes as they are)')
      .option('--lines', 'one message per input line (split on \\n)')
      .option('--ndjson', 'one envelope per input line, as `get --json` and `consume --json` write them')
      .option('--mandatory', 'an unroutable message fails the run (exit 1); without it, a warning')
      .option('-n, --count <n>', 'publish the body n times', positiveInt)
      .option('--rate <per-second>', 'publish at most this many messages per second', positiveNumber),
  ).action(run(publish));
}

interface Source {
  messages: AsyncIterable<Outgoing> | Iterable<Outgoing>;
}

async function publish(ctx: Context, [body]: string[], o: Record<string, any>): Promise<void> {
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
  const rate = o.rate as number | undefined;
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
      const exchange: string = o.exchange ?? m.exchange ?? '';
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
  if (s.published > 0) ctx.changed = true;
  const seconds = (performance.now() - started) / 1000;
  if (ctx.out.json) await ctx.out.write(JSON.stringify({ ...s, seconds: Number(seconds.toFixed(3)) }) + '\n');
  const rateText = s.published >= 1000 ? ` (${Math.round(s.published / seconds)} msg/s)` : '';
  if (!failure || s.published > 0) {
    ctx.out.note(`published ${s.published} message(s): ${s.confirmed} confirmed${s.returned ? `, ${s.returned} returned as unroutable` : ''}${s.nacked ? `, ${s.nacked} nacked` : ''}${rateText}`);
  }
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

async function openSource(ctx: Context, body: string | undefined, o: Record<string, any>, flagProps: Outgoing['properties']): Promise<Source> {
  const input = () => (o.file !== undefined ? openFile(ctx.path(o.file), o.file) : ctx.io.stdin);
  if (o.ndjson) {
    if (o.file !== undefined) {
      // A file is checked whole first: nothing is published from a file that fails validation.
      const all: Outgoing[] = [];
      for await (const m of envelopes(lines(input()), flagProps)) all.push(m);
      return { messages: all };
    }
    return { messages: envelopes(lines(input()), flagProps) };
  }
  if (o.lines) return { messages: map(lines(input()), (content) => ({ content, properties: flagProps })) };
  const content = body !== undefined ? Buffer.from(body, 'utf8') : await readAll(input());
  const count = (o.count as number | undefined) ?? 1;
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
