import { InvalidArgumentError } from 'commander';
import { arg, defineCommand, opt } from '../../cli/define.js';
import { choice, positiveInt } from '../../cli/parsers.js';
import { UsageError } from '../../errors.js';
import { shovelKind } from '../../kinds/shovel.js';
import type { ShovelValue } from '../../mgmt/resources/shovels.js';
import { ensure } from '../../plan/execute.js';
import { requireName } from '../shared.js';
import { checkAmqpUri, seconds } from './common.js';

export const ACK_MODES = ['on-confirm', 'on-publish', 'no-ack'] as const;

/** --src-delete-after: never, queue-length, or a count of messages. */
export function deleteAfter(value: string): 'never' | 'queue-length' | number {
  if (value === 'never' || value === 'queue-length') return value;
  if (/^[1-9]\d*$/.test(value) && Number.isSafeInteger(Number(value))) return Number(value);
  throw new InvalidArgumentError(`'${value}' is not never, queue-length or a number of messages >= 1`);
}
Object.assign(deleteAfter, { choices: ['never', 'queue-length'] });

export const SHOVEL_OPTIONS = {
  srcUri: opt.string('--src-uri <uri>', 'where it takes messages from: amqp://user:password@host:5672/vhost (required)'),
  srcQueue: opt.string('--src-queue <queue>', 'take from this queue (one of --src-queue, --src-exchange)'),
  srcExchange: opt.string('--src-exchange <exchange>', 'take what is published to this exchange (through a queue of its own)'),
  srcRoutingKey: opt.string('--src-routing-key <key>', 'with --src-exchange: the binding key (default #, everything)'),
  destUri: opt.string('--dest-uri <uri>', 'where it publishes: amqp://user:password@host:5672/vhost (required)'),
  destQueue: opt.string('--dest-queue <queue>', 'publish to this queue (one of --dest-queue, --dest-exchange)'),
  destExchange: opt.string('--dest-exchange <exchange>', 'publish to this exchange'),
  destRoutingKey: opt.string('--dest-routing-key <key>', "with --dest-exchange: the routing key (default: each message's own)"),
  ackMode: opt.choice('--ack-mode <mode>', 'on-confirm (default: nothing lost), on-publish, no-ack', choice(ACK_MODES)),
  srcDeleteAfter: opt.value('--src-delete-after <when>', 'never (default), queue-length (stop once the messages there at start are moved), or N messages', deleteAfter),
  prefetch: opt.value('--prefetch <n>', 'unacknowledged messages in flight (src-prefetch-count)', positiveInt),
  reconnectDelay: opt.value('--reconnect-delay <seconds>', 'seconds between reconnection attempts', seconds),
} as const;

export const shovelDeclare = defineCommand({
  name: 'declare',
  summary: 'declare a dynamic shovel in the vhost (-V) that moves messages from a source to a destination (idempotent)',
  args: { name: arg.required('name') },
  options: SHOVEL_OPTIONS,
  help: `A dynamic shovel (runtime parameter of component shovel, AMQP 0-9-1 on both ends). The whole
shovel is what you give: an existing one with another definition is updated in place (the broker
restarts it); the same again changes nothing. URIs carry their vhost in the path (%2F for '/');
their passwords are never printed back (amqp://user:***@host).

  rmqx shovel declare move-orders --src-uri amqp://svc:pw@old-host/shop --src-queue orders \\
    --dest-uri amqp://svc:pw@new-host/shop --dest-queue orders --src-delete-after queue-length`,
  async run(ctx, { name }, o) {
    requireName('shovel', name);
    const srcUri = checkAmqpUri('--src-uri', o.srcUri);
    const destUri = checkAmqpUri('--dest-uri', o.destUri);
    if ((o.srcQueue === undefined) === (o.srcExchange === undefined)) throw new UsageError('give one of --src-queue and --src-exchange');
    if ((o.destQueue === undefined) === (o.destExchange === undefined)) throw new UsageError('give one of --dest-queue and --dest-exchange');
    if (o.srcRoutingKey !== undefined && o.srcExchange === undefined) throw new UsageError('--src-routing-key: only with --src-exchange');
    if (o.destRoutingKey !== undefined && o.destExchange === undefined) throw new UsageError('--dest-routing-key: only with --dest-exchange');
    const value: ShovelValue = { 'src-protocol': 'amqp091', 'src-uri': srcUri, 'dest-protocol': 'amqp091', 'dest-uri': destUri };
    if (o.srcQueue !== undefined) value['src-queue'] = o.srcQueue;
    if (o.srcExchange !== undefined) value['src-exchange'] = o.srcExchange;
    if (o.srcRoutingKey !== undefined) value['src-exchange-key'] = o.srcRoutingKey;
    if (o.destQueue !== undefined) value['dest-queue'] = o.destQueue;
    if (o.destExchange !== undefined) value['dest-exchange'] = o.destExchange;
    if (o.destRoutingKey !== undefined) value['dest-exchange-key'] = o.destRoutingKey;
    if (o.ackMode !== undefined) value['ack-mode'] = o.ackMode;
    if (o.srcDeleteAfter !== undefined) value['src-delete-after'] = o.srcDeleteAfter;
    if (o.prefetch !== undefined) value['src-prefetch-count'] = o.prefetch;
    if (o.reconnectDelay !== undefined) value['reconnect-delay'] = o.reconnectDelay;
    await ensure(ctx, shovelKind, { vhost: ctx.vhost, name, value });
  },
});
