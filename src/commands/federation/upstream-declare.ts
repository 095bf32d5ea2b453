import { arg, defineCommand, opt } from '../../cli/define.js';
import { choice, nonNegativeInt, positiveInt } from '../../cli/parsers.js';
import { upstreamKind } from '../../kinds/federation.js';
import type { UpstreamValue } from '../../mgmt/resources/federation.js';
import { ensure } from '../../plan/execute.js';
import { newName } from '../shared.js';
import { ACK_MODES } from '../shovel/declare.js';
import { checkAmqpUri, seconds } from '../shovel/common.js';

export const upstreamDeclare = defineCommand({
  name: 'declare',
  summary: 'declare a federation upstream in the vhost (-V): a broker (or vhost) that federated exchanges and queues here take messages from (idempotent)',
  args: { name: arg.required('name') },
  options: {
    uri: opt.string('--uri <uri>', 'the upstream: amqp://user:password@host:5672/vhost (required)'),
    exchange: opt.string('--exchange <exchange>', "the upstream exchange's name (default: the federated exchange's own)"),
    queue: opt.string('--queue <queue>', "the upstream queue's name (default: the federated queue's own)"),
    maxHops: opt.value('--max-hops <n>', 'how many federation links a message may pass (default 1)', positiveInt),
    ackMode: opt.choice('--ack-mode <mode>', 'on-confirm (default), on-publish, no-ack', choice(ACK_MODES)),
    expires: opt.value('--expires <ms>', "milliseconds the upstream's queue lives on after the link is gone", positiveInt),
    messageTtl: opt.value('--message-ttl <ms>', "milliseconds a message waits in the upstream's queue", nonNegativeInt),
    prefetchCount: opt.value('--prefetch-count <n>', 'unacknowledged messages in flight per link', positiveInt),
    reconnectDelay: opt.value('--reconnect-delay <seconds>', 'seconds between reconnection attempts', seconds),
    trustUserId: opt.flag('--trust-user-id', "pass on each message's user-id as it is (only between brokers that trust each other)"),
  },
  help: `A federation upstream (runtime parameter of component federation-upstream). It does nothing by
itself: a policy with federation-upstream (one upstream) or federation-upstream-set (a set, or
"all") on an exchange or queue makes the links. The whole upstream is what you give: another
definition updates it in place; the same again changes nothing. The URI's password is never
printed back (amqp://user:***@host).

  rmqx federation upstream declare origin --uri amqp://fed:pw@origin-host/shop -V shop
  rmqx policy set federate --pattern '^events$' --apply-to exchanges --set federation-upstream-set=all -V shop`,
  async run(ctx, { name }, o) {
    newName('federation upstream', name);
    const value: UpstreamValue = { uri: checkAmqpUri('--uri', o.uri) };
    if (o.exchange !== undefined) value.exchange = o.exchange;
    if (o.queue !== undefined) value.queue = o.queue;
    if (o.maxHops !== undefined) value['max-hops'] = o.maxHops;
    if (o.ackMode !== undefined) value['ack-mode'] = o.ackMode;
    if (o.expires !== undefined) value.expires = o.expires;
    if (o.messageTtl !== undefined) value['message-ttl'] = o.messageTtl;
    if (o.prefetchCount !== undefined) value['prefetch-count'] = o.prefetchCount;
    if (o.reconnectDelay !== undefined) value['reconnect-delay'] = o.reconnectDelay;
    if (o.trustUserId) value['trust-user-id'] = true;
    await ensure(ctx, upstreamKind, { vhost: ctx.vhost, name, value });
  },
});
