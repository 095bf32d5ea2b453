/**
 * Options → `arguments` tables, in one place: the generic `--arguments JSON` / `--arg k=v` pair
 * (queues, exchanges, bindings) and the named queue flags (--message-ttl …), as option tables
 * (src/cli/define.ts) with the checks that make a bad value exit 64 before anything is sent.
 */
import { InvalidArgumentError } from 'commander';
import { opt, type OptDef, type OptValues } from '../../cli/define.js';
import { DURATION_WORDS, durationOption, parseDuration } from '../../cli/durations.js';
import { choice, collectPair, jsonObject, nonNegativeInt, positiveInt } from '../../cli/parsers.js';
import { UsageError } from '../../errors.js';
import type { Arguments } from '../../mgmt/types.js';
import { sameValue } from '../shared.js';

export const QUEUE_TYPES = ['classic', 'quorum', 'stream'] as const;
export type QueueType = (typeof QUEUE_TYPES)[number];

function isQueueType(value: unknown): value is QueueType {
  return (QUEUE_TYPES as readonly unknown[]).includes(value);
}

/** `--arguments JSON` and repeatable `--arg k=v` (typed); --arg wins over --arguments for the same key. */
export function argumentOptions(what = 'arguments') {
  return {
    arguments: opt.value('--arguments <json>', `${what} as a JSON object, e.g. '{"x-max-length": 10}'`, jsonObject),
    arg: opt.repeat(
      '--arg <key=value>',
      `one of the ${what}, typed: n=3 is a number, b=true a boolean, s:=007 stays a string; repeatable; overrides the same key of --arguments`,
      collectPair,
    ),
  };
}

/** The values of `argumentOptions(…)`. */
export type ArgumentValues = OptValues<ReturnType<typeof argumentOptions>>;

/** The table from --arguments and --arg. */
export function givenArguments(o: ArgumentValues): Arguments {
  return { ...(o.arguments ?? {}), ...(o.arg ?? {}) };
}

export function maxPriority(value: string): number {
  const n = positiveInt(value);
  if (n > 255) throw new InvalidArgumentError(`'${value}' is above 255`);
  return n;
}

/** A named queue argument flag: an option, and the argument it sets. */
interface NamedArgument<T> extends OptDef<T> {
  readonly key: string;
  /** the queue types that accept it; with another --type it is 64 */
  readonly types: readonly QueueType[];
}

function named<T>(def: OptDef<T>, key: string, types: readonly QueueType[] = ['classic', 'quorum']): NamedArgument<T> {
  return { ...def, key, types };
}

/** "--message-ttl <ms>" → "--message-ttl" */
function flagOf(flags: string): string {
  return flags.split(' ')[0] ?? flags;
}

const OVERFLOW = ['drop-head', 'reject-publish', 'reject-publish-dlx'] as const;

const overflow = choice(OVERFLOW);

/** The broker refuses segments above 3 GB (3.10 and 4.3 alike). */
const MAX_SEGMENT_BYTES = 3_000_000_000;

function segmentSize(value: string): number {
  const n = positiveInt(value);
  if (n > MAX_SEGMENT_BYTES) throw new InvalidArgumentError(`'${value}' is above ${MAX_SEGMENT_BYTES} (3 GB, the broker's maximum)`);
  return n;
}

/** The common queue arguments as named flags (an option table; each entry also names its argument). */
export const NAMED_QUEUE_ARGUMENTS = {
  messageTtl: named(opt.value('--message-ttl <ms>', 'drop (or dead-letter) messages older than MS milliseconds', nonNegativeInt), 'x-message-ttl'),
  expires: named(opt.value('--expires <ms>', 'delete the queue after MS milliseconds unused (> 0)', positiveInt), 'x-expires'),
  maxLength: named(opt.value('--max-length <n>', 'at most N messages (see --overflow)', nonNegativeInt), 'x-max-length'),
  maxLengthBytes: named(
    opt.value('--max-length-bytes <n>', 'at most N bytes of message bodies (streams: retention, removing whole segments)', nonNegativeInt),
    'x-max-length-bytes',
    ['classic', 'quorum', 'stream'],
  ),
  overflow: named(opt.choice('--overflow <mode>', `what happens when full: ${OVERFLOW.join(', ')}`, overflow), 'x-overflow'),
  deadLetterExchange: named(opt.string('--dead-letter-exchange <exchange>', "exchange for dead-lettered messages ('' is the default exchange)"), 'x-dead-letter-exchange'),
  deadLetterRoutingKey: named(opt.string('--dead-letter-routing-key <key>', 'routing key for dead-lettered messages (needs a dead-letter exchange)'), 'x-dead-letter-routing-key'),
  maxPriority: named(opt.value('--max-priority <n>', 'priorities 1..N (1-255; classic queues only)', maxPriority), 'x-max-priority', ['classic']),
  deliveryLimit: named(
    opt.value('--delivery-limit <n>', 'quorum queues: drop (or dead-letter) a message returned more than N times (RabbitMQ 4.x applies 20 when none is set)', nonNegativeInt),
    'x-delivery-limit',
    ['quorum'],
  ),
  maxAge: named(
    opt.value('--max-age <age>', 'streams: retention by age, removing whole segments older than AGE: a number and a unit, Y, M, D, h, m or s (7D, 12h)', durationOption),
    'x-max-age',
    ['stream'],
  ),
  streamMaxSegmentSizeBytes: named(
    opt.value('--stream-max-segment-size-bytes <n>', 'streams: size of a segment file, the unit retention removes (at most 3 GB)', segmentSize),
    'x-stream-max-segment-size-bytes',
    ['stream'],
  ),
  // streams accept it from RabbitMQ 3.11 on: left to the broker
  singleActiveConsumer: named(opt.flag('--single-active-consumer', 'deliver to one consumer at a time (x-single-active-consumer true)'), 'x-single-active-consumer', ['classic', 'quorum', 'stream']),
};

type NamedAttr = keyof typeof NAMED_QUEUE_ARGUMENTS;
const NAMED_ATTRS = Object.keys(NAMED_QUEUE_ARGUMENTS) as NamedAttr[];

/** Every queue argument flag of `queue declare`: the named ones and --initial-cluster-size. */
export const QUEUE_ARGUMENT_OPTIONS = {
  ...NAMED_QUEUE_ARGUMENTS,
  initialClusterSize: opt.value(
    '--initial-cluster-size <n>',
    'quorum queues and streams: how many nodes hold a replica at first (x-quorum-initial-group-size, x-initial-cluster-size)',
    positiveInt,
  ),
};

/** --initial-cluster-size: one flag, a different argument per type. */
const INITIAL_CLUSTER_SIZE: Partial<Record<QueueType, string>> = { quorum: 'x-quorum-initial-group-size', stream: 'x-initial-cluster-size' };

/** Every argument some queue types refuse: key → the flag that sets it and the types that accept it. */
const ARGUMENT_TYPES: ReadonlyMap<string, { flag: string; types: readonly QueueType[] }> = new Map([
  ...Object.values(NAMED_QUEUE_ARGUMENTS).map((a) => [a.key, { flag: flagOf(a.flags), types: a.types }] as const),
  ...QUEUE_TYPES.flatMap((type) => {
    const key = INITIAL_CLUSTER_SIZE[type];
    return key === undefined ? [] : [[key, { flag: '--initial-cluster-size', types: [type] }] as const];
  }),
]);

/** What the user asked for a queue, from every option, checked. */
export interface QueueRequest {
  durable: boolean;
  autoDelete: boolean;
  /** undefined: not asked (the vhost's default for a new queue; any type for an existing one) */
  type?: QueueType;
  /** the arguments to send, x-queue-type included when a type was asked */
  arguments: Arguments;
}

/** The options of `queue declare` a request is made from. */
export type QueueRequestOptions = OptValues<typeof QUEUE_ARGUMENT_OPTIONS> &
  ArgumentValues & {
    type?: QueueType | undefined;
    /** false with --no-durable */
    durable?: boolean;
    autoDelete?: boolean | undefined;
  };

/**
 * Options of `queue declare` → the request, or a UsageError (64) naming the problem:
 * bad values inside --arguments/--arg, a flag and an argument that disagree, quorum and stream
 * queues that are not durable, arguments the type does not accept.
 */
export function queueRequest(o: QueueRequestOptions): QueueRequest {
  const args = givenArguments(o);
  for (const attr of NAMED_ATTRS) {
    const a = NAMED_QUEUE_ARGUMENTS[attr];
    const value: unknown = o[attr];
    if (value === undefined) continue;
    if (a.key in args && !sameValue(args[a.key], value)) {
      throw new UsageError(`${flagOf(a.flags)} ${show(value)} and --arguments/--arg ${a.key}=${show(args[a.key])} disagree`);
    }
    args[a.key] = value;
  }
  checkArguments(args);
  // checked above: a type when there is one
  const given = args['x-queue-type'];
  const fromArgs = isQueueType(given) ? given : undefined;
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

const WHOLE_MIN: Partial<Record<string, number>> = {
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
    const min = WHOLE_MIN[key];
    if (min !== undefined) {
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
        throw new UsageError(`argument ${key} must be a whole number >= ${min}, got ${show(value)}`);
      }
      if (key === 'x-max-priority' && value > 255) throw new UsageError(`argument x-max-priority must be at most 255, got ${value}`);
      if (key === 'x-stream-max-segment-size-bytes' && value > MAX_SEGMENT_BYTES) {
        throw new UsageError(`argument x-stream-max-segment-size-bytes must be at most ${MAX_SEGMENT_BYTES} (3 GB), got ${value}`);
      }
    } else if (key === 'x-max-age' && !parseDuration(value)) {
      throw new UsageError(`argument x-max-age must be a duration, ${DURATION_WORDS}, got ${show(value)}`);
    } else if (key === 'x-overflow' && !(OVERFLOW as readonly unknown[]).includes(value)) {
      throw new UsageError(`argument x-overflow must be one of ${OVERFLOW.join(', ')}, got ${show(value)}`);
    } else if (key === 'x-queue-type' && !isQueueType(value)) {
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
