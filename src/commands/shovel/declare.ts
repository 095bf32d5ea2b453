import { InvalidArgumentError } from 'commander';
import { arg, defineCommand, opt, type OptValues } from '../../cli/define.js';
import { choice, positiveInt } from '../../cli/parsers.js';
import { UsageError } from '../../errors.js';
import { shovelKind } from '../../kinds/shovel.js';
import type { ShovelValue } from '../../mgmt/resources/shovels.js';
import { ensure } from '../../plan/execute.js';
import { newName } from '../shared.js';
import { checkAmqp10Uri, collectUris, seconds, shovelUris } from './common.js';

export const ACK_MODES = ['on-confirm', 'on-publish', 'no-ack'] as const;

/** --src-delete-after: never, queue-length, or a count of messages. */
export function deleteAfter(value: string): 'never' | 'queue-length' | number {
  if (value === 'never' || value === 'queue-length') return value;
  if (/^[1-9]\d*$/.test(value) && Number.isSafeInteger(Number(value))) return Number(value);
  throw new InvalidArgumentError(`'${value}' is not never, queue-length or a number of messages >= 1`);
}
Object.assign(deleteAfter, { choices: ['never', 'queue-length'] });

export const PROTOCOLS = ['amqp091', 'amqp10'] as const;
type Protocol = (typeof PROTOCOLS)[number];

export const SHOVEL_OPTIONS = {
  srcProtocol: opt.choice('--src-protocol <protocol>', 'amqp091 (default) or amqp10 (AMQP 1.0: --src-address)', choice(PROTOCOLS)),
  srcUri: opt.repeat('--src-uri <uri>', 'where it takes messages from: amqp://user:password@host:5672/vhost (required); repeat it or separate with commas for several (amqp091: one is picked, the others are tried when it fails)', collectUris),
  srcQueue: opt.string('--src-queue <queue>', 'amqp091: take from this queue (one of --src-queue, --src-exchange)'),
  srcExchange: opt.string('--src-exchange <exchange>', 'amqp091: take what is published to this exchange (through a queue of its own)'),
  srcRoutingKey: opt.string('--src-routing-key <key>', 'with --src-exchange: the binding key (default #, everything)'),
  srcAddress: opt.string('--src-address <address>', 'amqp10: the address to take from (RabbitMQ 4.x: /queues/NAME; 3.x: /queue/NAME or /amq/queue/NAME)'),
  destProtocol: opt.choice('--dest-protocol <protocol>', 'amqp091 (default) or amqp10 (AMQP 1.0: --dest-address)', choice(PROTOCOLS)),
  destUri: opt.repeat('--dest-uri <uri>', 'where it publishes: amqp://user:password@host:5672/vhost (required); several as for --src-uri', collectUris),
  destQueue: opt.string('--dest-queue <queue>', 'amqp091: publish to this queue (one of --dest-queue, --dest-exchange)'),
  destExchange: opt.string('--dest-exchange <exchange>', 'amqp091: publish to this exchange'),
  destRoutingKey: opt.string('--dest-routing-key <key>', "with --dest-exchange: the routing key (default: each message's own)"),
  destAddress: opt.string('--dest-address <address>', 'amqp10: the address to send to (RabbitMQ 4.x: /queues/NAME, /exchanges/NAME/KEY; 3.x: /queue/NAME, /exchange/NAME/KEY)'),
  destAddForwardHeaders: opt.flag('--dest-add-forward-headers', 'add x-shovelled headers (where the message came from) to each message'),
  destAddTimestampHeader: opt.flag('--dest-add-timestamp-header', 'add an x-shovelled-timestamp header to each message'),
  ackMode: opt.choice('--ack-mode <mode>', 'on-confirm (default: nothing lost), on-publish, no-ack', choice(ACK_MODES)),
  srcDeleteAfter: opt.value('--src-delete-after <when>', 'never (default), queue-length (amqp091: stop once the messages there at start are moved), or N messages', deleteAfter),
  prefetch: opt.value('--prefetch <n>', 'unacknowledged messages in flight (src-prefetch-count)', positiveInt),
  reconnectDelay: opt.value('--reconnect-delay <seconds>', 'seconds between reconnection attempts', seconds),
} as const;

type Opts = OptValues<typeof SHOVEL_OPTIONS>;

/** One end (src or dest) of the definition from its flags; a flag of the other protocol is 64. */
function end(side: 'src' | 'dest', protocol: Protocol, o: Opts, value: ShovelValue): void {
  const f = (name: string) => `--${side}-${name}`;
  const uris = shovelUris(f('uri'), side === 'src' ? o.srcUri : o.destUri);
  const [queue, exchange, key, address] = side === 'src' ? [o.srcQueue, o.srcExchange, o.srcRoutingKey, o.srcAddress] : [o.destQueue, o.destExchange, o.destRoutingKey, o.destAddress];
  value[`${side}-protocol`] = protocol;
  value[`${side}-uri`] = uris;
  if (protocol === 'amqp10') {
    const other = [[queue, 'queue'], [exchange, 'exchange'], [key, 'routing-key']].filter(([v]) => v !== undefined).map(([, n]) => f(n as string));
    if (other.length) throw new UsageError(`${other.join(', ')}: only with ${f('protocol')} amqp091; an AMQP 1.0 ${side === 'src' ? 'source' : 'destination'} takes ${f('address')}`);
    if (address === undefined || address === '') throw new UsageError(`${f('protocol')} amqp10 needs ${f('address')}`, `e.g. ${f('address')} /queues/NAME (RabbitMQ 4.x) or /queue/NAME (3.x)`);
    checkAmqp10Uri(f('uri'), uris);
    value[`${side}-address`] = address;
    return;
  }
  if (address !== undefined) throw new UsageError(`${f('address')}: only with ${f('protocol')} amqp10`);
  if ((queue === undefined) === (exchange === undefined)) throw new UsageError(`give one of ${f('queue')} and ${f('exchange')}`);
  if (key !== undefined && exchange === undefined) throw new UsageError(`${f('routing-key')}: only with ${f('exchange')}`);
  if (queue !== undefined) value[`${side}-queue`] = queue;
  if (exchange !== undefined) value[`${side}-exchange`] = exchange;
  if (key !== undefined) value[`${side}-exchange-key`] = key;
}

/** The definition the flags describe, checked: the keys RabbitMQ's shovel takes for each protocol. */
export function shovelValue(o: Opts): ShovelValue {
  const value: ShovelValue = {};
  const src = o.srcProtocol ?? 'amqp091';
  end('src', src, o, value);
  end('dest', o.destProtocol ?? 'amqp091', o, value);
  if (src === 'amqp10' && o.srcDeleteAfter === 'queue-length') throw new UsageError('--src-delete-after queue-length: an AMQP 1.0 source has no queue length', 'give never or a number of messages');
  if (o.destAddForwardHeaders) value['dest-add-forward-headers'] = true;
  if (o.destAddTimestampHeader) value['dest-add-timestamp-header'] = true;
  if (o.ackMode !== undefined) value['ack-mode'] = o.ackMode;
  if (o.srcDeleteAfter !== undefined) value['src-delete-after'] = o.srcDeleteAfter;
  if (o.prefetch !== undefined) value['src-prefetch-count'] = o.prefetch;
  if (o.reconnectDelay !== undefined) value['reconnect-delay'] = o.reconnectDelay;
  return value;
}

export const shovelDeclare = defineCommand({
  name: 'declare',
  summary: 'declare a dynamic shovel in the vhost (-V) that moves messages from a source to a destination (idempotent)',
  args: { name: arg.required('name') },
  options: SHOVEL_OPTIONS,
  help: `A dynamic shovel (runtime parameter of component shovel). The whole shovel is what you give:
an existing one with another definition is updated in place (the broker restarts it); the same
again changes nothing. Passwords in URIs are never printed back (amqp://user:***@host).

AMQP 0-9-1 ends (the default): the URI carries the vhost in its path (%2F for '/'; amqp://
alone is the broker itself); --src-queue or --src-exchange, --dest-queue or --dest-exchange.
Several URIs (--src-uri repeated, or comma-separated): the broker picks one and tries the
others when it cannot connect.

AMQP 1.0 ends (--src-protocol amqp10, --dest-protocol amqp10): --src-address / --dest-address;
the URI names a host and no path (the vhost: ?hostname=vhost:NAME), and only one URI (the
broker's shovel uses the first only). Addresses: RabbitMQ 4.x /queues/NAME, /exchanges/NAME/KEY
(the 3.x forms /queue/NAME, /exchange/NAME/KEY are denied from 4.3); RabbitMQ 3.x needs the
rabbitmq_amqp1_0 plugin on the broker the URI names.

  rmqx shovel declare move-orders --src-uri amqp://svc:pw@old-host/shop --src-queue orders \\
    --dest-uri amqp://svc:pw@new-host/shop --dest-queue orders --src-delete-after queue-length
  rmqx shovel declare to-10 --src-uri amqp:// --src-queue orders --dest-protocol amqp10 \\
    --dest-uri 'amqp://svc:pw@peer:5672?hostname=vhost:shop' --dest-address /queues/orders`,
  async run(ctx, { name }, o) {
    newName('shovel', name);
    await ensure(ctx, shovelKind, { vhost: ctx.vhost, name, value: shovelValue(o) });
  },
});
