/** rmqx rpc: a request with direct reply-to and a fresh correlation id; prints the reply. */
import { arg, defineCommand, opt, type OptValues } from '../../cli/define.js';
import { positiveNumber } from '../../cli/parsers.js';
import type { Context } from '../../cli/context.js';
import { NegativeOutcome, RmqxError, EXIT, UsageError } from '../../errors.js';
import { toEnvelope } from '../../amqp/envelope.js';
import { PROPERTY_OPTIONS, propertiesFrom } from './properties.js';
import { lines, openFile, readAll } from './input.js';
import { withTarget } from './target.js';

const OPTIONS = {
  exchange: opt.string('-e, --exchange <name>', "exchange (default: the default exchange '')"),
  routingKey: opt.string('-k, --routing-key <key>', 'routing key: the server queue for the default exchange'),
  file: opt.string('-f, --file <path>', 'read the request body from a file'),
  lines: opt.flag('--lines', 'one request per input line; replies are printed in order, one per line'),
  timeout: opt.withDefault('--timeout <seconds>', 'how long to wait for each reply (exit 75 when it expires)', positiveNumber, 10),
  ...PROPERTY_OPTIONS,
};

export const rpc = defineCommand({
  name: 'rpc',
  summary: 'send a request and print the reply (direct reply-to, fresh correlation id)',
  args: { body: arg.optional('body') },
  options: OPTIONS,
  run: (ctx, { body }, o) => call(ctx, body, o),
});

async function call(ctx: Context, body: string | undefined, o: OptValues<typeof OPTIONS>): Promise<void> {
  if (o.routingKey === undefined && o.exchange === undefined) throw new UsageError('rpc needs --routing-key (the server queue) or --exchange');
  if (body !== undefined && o.file !== undefined) throw new UsageError('give the body as an argument or with --file, not both');
  if (o.replyTo !== undefined) throw new UsageError('rpc sets --reply-to itself (direct reply-to)');
  if (body === undefined && o.file === undefined && ctx.io.stdinIsTTY) throw new UsageError('no request body', 'give it as an argument, with --file F, or on standard input');
  const props = propertiesFrom(o);
  const file = o.file;
  const input = () => (file !== undefined ? openFile(ctx.path(file), file) : ctx.io.stdin);
  const requests: AsyncIterable<Buffer> | Buffer[] = o.lines ? lines(input()) : [body !== undefined ? Buffer.from(body) : await readAll(input())];

  const session = await ctx.amqp('rpc');
  const { RpcClient, RpcTimeout, RpcUnroutable } = await import('../../amqp/rpc.js');
  const client = await RpcClient.open(session);
  const exchange = o.exchange ?? '';
  const routingKey = o.routingKey ?? '';
  const target = { op: 'call', kind: exchange === '' ? 'queue' : 'exchange', name: exchange === '' ? routingKey : exchange, vhost: ctx.amqpVhost };
  let n = 0;
  for await (const content of requests) {
    n++;
    let reply;
    try {
      // each request gets its own correlation id unless the user fixed one
      reply = await withTarget(target, () => client.call(exchange, routingKey, { content, properties: { ...props } }, o.timeout * 1000));
    } catch (e) {
      const which = o.lines ? ` (request ${n})` : '';
      if (e instanceof RpcTimeout) throw new RmqxError(`rpc to ${describe(exchange, routingKey)}${which}: ${e.message}`, EXIT.temporary, 'is a server consuming from that queue? raise --timeout for slow servers');
      if (e instanceof RpcUnroutable) throw new NegativeOutcome(`rpc to ${describe(exchange, routingKey)}${which}: unroutable (${e.message}): no queue is bound for it`);
      throw e;
    }
    if (ctx.out.json) await ctx.out.write(JSON.stringify(toEnvelope(reply)) + '\n');
    else if (o.lines) await ctx.out.write(Buffer.concat([reply.content, Buffer.from('\n')]));
    else await ctx.out.write(reply.content);
  }
}

function describe(exchange: string, routingKey: string): string {
  return exchange === '' ? `queue '${routingKey}'` : `exchange '${exchange}' with routing key '${routingKey}'`;
}
