/**
 * Options → `arguments` tables, in one place: the generic `--arguments JSON` / `--arg k=v` pair
 * (queues, exchanges, bindings) and the named queue flags (--message-ttl …), with the checks
 * that make a bad value exit 64 before anything is sent.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { DURATION_WORDS, durationOption, parseDuration } from '../../cli/durations.js';
import { choice, collectPair, jsonObject, nonNegativeInt, positiveInt } from '../../cli/parsers.js';
import { UsageError } from '../../errors.js';
import type { Arguments } from '../../mgmt/types.js';
import { sameValue } from '../shared.js';

export const QUEUE_TYPES = ['classic', 'quorum', 'stream'] as const;
export type QueueType = (typeof QUEUE_TYPES)[number];

/** `--arguments JSON` and repeatable `--arg k=v` (typed); --arg wins over --arguments for the same key. */
export function argumentsOptions(cmd: Command, what = 'arguments'): Command {
  return cmd
    .option('--arguments <json>', `${what} as a JSON object, e.g. '{"x-max-length": 10}'`, jsonObject)
    .option('--arg <key=value>', `one of the ${what}, typed: n=3 is a number, b=true a boolean, s:=007 stays a string; repeatable; overrides the same key of --arguments`, collectPair);
}

/** The table from --arguments and --arg. */
export function givenArguments(o: { arguments?: Arguments; arg?: Arguments }): Arguments {
  return { ...(o.arguments ?? {}), ...(o.arg ?? {}) };
}

export function maxPriority(value: string): number {
  const n = positiveInt(value);
  if (n > 255) throw new InvalidArgumentError(`'${value}' is above 255`);
  return n;
}

interface NamedArgument {
  flags: string;
  /** commander's attribute name for the flag */
  attr: string;
  key: string;
  description: string;
  parse?: (value: string) => unknown;
  /** the queue types that accept it (default: classic and quorum); with another --type it is 64 */
  types?: readonly QueueType[];
}

const OVERFLOW = ['drop-head', 'reject-publish', 'reject-publish-dlx'];

const overflow = choice(OVERFLOW);

/** The broker refuses segments above 3 GB (3.10 and 4.3 alike). */
const MAX_SEGMENT_BYTES = 3_000_000_000;

function segmentSize(value: string): number {
  const n = positiveInt(value);
  if (n > MAX_SEGMENT_BYTES) throw new InvalidArgumentError(`'${value}' is above ${MAX_SEGMENT_BYTES} (3 GB, the broker's maximum)`);
  return n;
}

/** The common queue arguments as named flags. */
export const NAMED_QUEUE_ARGUMENTS: readonly NamedArgument[] = [
  { flags: '--message-ttl <ms>', attr: 'messageTtl', key: 'x-message-ttl', description: 'drop (or dead-letter) messages older than MS milliseconds', parse: nonNegativeInt },
  { flags: '--expires <ms>', attr: 'expires', key: 'x-expires', description: 'delete the queue after MS milliseconds unused (> 0)', parse: positiveInt },
  { flags: '--max-length <n>', attr: 'maxLength', key: 'x-max-length', description: 'at most N messages (see --overflow)', parse: nonNegativeInt },
  { flags: '--max-length-bytes <n>', attr: 'maxLengthBytes', key: 'x-max-length-bytes', description: 'at most N bytes of message bodies (streams: retention, removing whole segments)', parse: nonNegativeInt, types: ['classic', 'quorum', 'stream'] },
  { flags: '--overflow <mode>', attr: 'overflow', key: 'x-overflow', description: `what happens when full: ${OVERFLOW.join(', ')}`, parse: overflow },
  { flags: '--dead-letter-exchange <exchange>', attr: 'deadLetterExchange', key: 'x-dead-letter-exchange', description: "exchange for dead-lettered messages ('' is the default exchange)" },
  { flags: '--dead-letter-routing-key <key>', attr: 'deadLetterRoutingKey', key: 'x-dead-letter-routing-key', description: 'routing key for dead-lettered messages (needs a dead-letter exchange)' },
  { flags: '--max-priority <n>', attr: 'maxPriority', key: 'x-max-priority', description: 'priorities 1..N (1-255; classic queues only)', parse: maxPriority, types: ['classic'] },
  { flags: '--delivery-limit <n>', attr: 'deliveryLimit', key: 'x-delivery-limit', description: 'quorum queues: drop (or dead-letter) a message returned more than N times (RabbitMQ 4.x applies 20 when none is set)', parse: nonNegativeInt, types: ['quorum'] },
  { flags: '--max-age <age>', attr: 'maxAge', key: 'x-max-age', description: 'streams: retention by age, removing whole segments older than AGE: a number and a unit, Y, M, D, h, m or s (7D, 12h)', parse: durationOption, types: ['stream'] },
  { flags: '--stream-max-segment-size-bytes <n>', attr: 'streamMaxSegmentSizeBytes', key: 'x-stream-max-segment-size-bytes', description: 'streams: size of a segment file, the unit retention removes (at most 3 GB)', parse: segmentSize, types: ['stream'] },
  // streams accept it from RabbitMQ 3.11 on: left to the broker
  { flags: '--single-active-consumer', attr: 'singleActiveConsumer', key: 'x-single-active-consumer', description: 'deliver to one consumer at a time (x-single-active-consumer true)', types: ['classic', 'quorum', 'stream'] },
];

/** --initial-cluster-size: one flag, a different argument per type. */
const INITIAL_CLUSTER_SIZE: Partial<Record<QueueType, string>> = { quorum: 'x-quorum-initial-group-size', stream: 'x-initial-cluster-size' };

/** Every argument some queue types refuse: key → the flag that sets it and the types that accept it. */
const ARGUMENT_TYPES: ReadonlyMap<string, { flag: string; types: readonly QueueType[] }> = new Map([
  ...NAMED_QUEUE_ARGUMENTS.map((a) => [a.key, { flag: a.flags.split(' ')[0] as string, types: a.types ?? ['classic', 'quorum'] }] as const),
  ...Object.entries(INITIAL_CLUSTER_SIZE).map(([type, key]) => [key as string, { flag: '--initial-cluster-size', types: [type as QueueType] }] as const),
]);

export function namedQueueArgumentOptions(cmd: Command): Command {
  for (const a of NAMED_QUEUE_ARGUMENTS) {
    if (a.parse) cmd.option(a.flags, a.description, a.parse);
    else cmd.option(a.flags, a.description);
  }
  return cmd.option('--initial-cluster-size <n>', 'quorum queues and streams: how many nodes hold a replica at first (x-quorum-initial-group-size, x-initial-cluster-size)', positiveInt);
}

/** What the user asked for a queue, from every option, checked. */
export interface QueueRequest {
  durable: boolean;
  autoDelete: boolean;
  /** undefined: not asked (the vhost's default for a new queue; any type for an existing one) */
  type?: QueueType;
  /** the arguments to send, x-queue-type included when a type was asked */
  arguments: Arguments;
}

/**
 * Options of `queue declare` → the request, or a UsageError (64) naming the problem:
 * bad values inside --arguments/--arg, a flag and an argument that disagree, quorum and stream
 * queues that are not durable, arguments the type does not accept.
 */
export function queueRequest(o: Record<string, any>): QueueRequest {
  const args = givenArguments(o);
  for (const a of NAMED_QUEUE_ARGUMENTS) {
    const value = o[a.attr];
    if (value === undefined) continue;
    if (a.key in args && !sameValue(args[a.key], value)) {
      throw new UsageError(`${a.flags.split(' ')[0]} ${show(value)} and --arguments/--arg ${a.key}=${show(args[a.key])} disagree`);
    }
    args[a.key] = value;
  }
  checkArguments(args);
  const fromArgs = args['x-queue-type'] as QueueType | undefined;
  if (o.type !== undefined && fromArgs !== undefined && o.type !== fromArgs) {
    throw new UsageError(`--type ${o.type} and --arguments/--arg x-queue-type=${fromArgs} disagree`);
  }
  const type: QueueType | undefined = o.type ?? fromArgs;
  if (type !== undefined) args['x-queue-type'] = type;
  if (o.initialClusterSize !== undefined) {
    const key = type && INITIAL_CLUSTER_SIZE[type];
    if (!key) throw new UsageError(`--initial-cluster-size needs --type quorum or --type stream${type ? `; a ${type} queue has a single replica` : ''}`);
    if (key in args && !sameValue(args[key], o.initialClusterSize)) {
      throw new UsageError(`--initial-cluster-size ${o.initialClusterSize} and --arguments/--arg ${key}=${show(args[key])} disagree`);
    }
    args[key] = o.initialClusterSize;
  }
  const durable = o.durable !== false;
  const autoDelete = Boolean(o.autoDelete);
  const typeFlag = o.type !== undefined ? `--type ${type}` : `x-queue-type=${type}`;
  if (type === 'quorum' || type === 'stream') {
    if (!durable) throw new UsageError(`a ${type} queue is always durable: --no-durable conflicts with ${typeFlag}`);
    if (autoDelete) throw new UsageError(`a ${type} queue cannot be auto-delete: --auto-delete conflicts with ${typeFlag}`);
  }
  // Without a type the vhost's default decides (it may be quorum or stream): left to the broker.
  if (type !== undefined) {
    for (const [key, { flag, types }] of ARGUMENT_TYPES) {
      if (key in args && !types.includes(type)) {
        throw new UsageError(`${key} (${flag}) is not supported by ${type} queues, only by ${types.map((t) => (t === 'stream' ? 'streams' : `${t} queues`)).join(' and ')}`);
      }
    }
  }
  if ('x-dead-letter-routing-key' in args && !('x-dead-letter-exchange' in args)) {
    throw new UsageError('a dead-letter routing key needs a dead-letter exchange: add --dead-letter-exchange');
  }
  return { durable, autoDelete, type, arguments: args };
}

const WHOLE_MIN: Record<string, number> = {
  'x-message-ttl': 0,
  'x-expires': 1,
  'x-max-length': 0,
  'x-max-length-bytes': 0,
  'x-max-priority': 1,
  'x-delivery-limit': 0,
  'x-stream-max-segment-size-bytes': 1,
  'x-initial-cluster-size': 1,
  'x-quorum-initial-group-size': 1,
};

/** Known keys with the wrong kind of value, wherever they came from → 64. */
function checkArguments(args: Arguments): void {
  for (const [key, value] of Object.entries(args)) {
    if (key in WHOLE_MIN) {
      const min = WHOLE_MIN[key] as number;
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
        throw new UsageError(`argument ${key} must be a whole number >= ${min}, got ${show(value)}`);
      }
      if (key === 'x-max-priority' && value > 255) throw new UsageError(`argument x-max-priority must be at most 255, got ${value}`);
      if (key === 'x-stream-max-segment-size-bytes' && value > MAX_SEGMENT_BYTES) {
        throw new UsageError(`argument x-stream-max-segment-size-bytes must be at most ${MAX_SEGMENT_BYTES} (3 GB), got ${value}`);
      }
    } else if (key === 'x-max-age' && !parseDuration(value)) {
      throw new UsageError(`argument x-max-age must be a duration, ${DURATION_WORDS}, got ${show(value)}`);
    } else if (key === 'x-overflow' && !OVERFLOW.includes(value as string)) {
      throw new UsageError(`argument x-overflow must be one of ${OVERFLOW.join(', ')}, got ${show(value)}`);
    } else if (key === 'x-queue-type' && !(QUEUE_TYPES as readonly unknown[]).includes(value)) {
      throw new UsageError(`argument x-queue-type must be one of ${QUEUE_TYPES.join(', ')}, got ${show(value)}`);
    } else if (key === 'x-single-active-consumer' && typeof value !== 'boolean') {
      throw new UsageError(`argument x-single-active-consumer must be true or false, got ${show(value)}`);
    } else if ((key === 'x-dead-letter-exchange' || key === 'x-dead-letter-routing-key') && typeof value !== 'string') {
      throw new UsageError(`argument ${key} must be a string, got ${show(value)}`);
    }
  }
}

/** A value in a message: strings as they are, the rest as JSON. */
export function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
