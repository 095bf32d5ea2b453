import { arg, defineCommand, opt } from '../../cli/define.js';
import { choice, collectPair, jsonObject, nonNegativeInt, positiveInt, regex } from '../../cli/parsers.js';
import { POLICY_TARGETS, policyKind } from '../../kinds/policy.js';
import { ensure } from '../../plan/execute.js';
import { UsageError } from '../../errors.js';
import { requireName } from '../shared.js';

/** The common definition keys as typed flags, in the broker's own units. */
const KEYS = {
  maxLength: opt.value('--max-length <n>', 'max-length: at most N messages', nonNegativeInt),
  maxLengthBytes: opt.value('--max-length-bytes <n>', 'max-length-bytes: at most N bytes of bodies', nonNegativeInt),
  messageTtl: opt.value('--message-ttl <ms>', 'message-ttl: drop (or dead-letter) messages older than MS milliseconds', nonNegativeInt),
  expires: opt.value('--expires <ms>', 'expires: delete queues unused for MS milliseconds', positiveInt),
  overflow: opt.choice('--overflow <mode>', 'overflow: drop-head, reject-publish, reject-publish-dlx', choice(['drop-head', 'reject-publish', 'reject-publish-dlx'])),
  deadLetterExchange: opt.string('--dead-letter-exchange <exchange>', 'dead-letter-exchange'),
  deadLetterRoutingKey: opt.string('--dead-letter-routing-key <key>', 'dead-letter-routing-key'),
  deliveryLimit: opt.value('--delivery-limit <n>', 'delivery-limit (quorum queues)', nonNegativeInt),
  queueLeaderLocator: opt.choice('--queue-leader-locator <where>', 'queue-leader-locator: client-local or balanced', choice(['client-local', 'balanced'])),
} as const;

const KEY_NAMES: Record<keyof typeof KEYS, string> = {
  maxLength: 'max-length',
  maxLengthBytes: 'max-length-bytes',
  messageTtl: 'message-ttl',
  expires: 'expires',
  overflow: 'overflow',
  deadLetterExchange: 'dead-letter-exchange',
  deadLetterRoutingKey: 'dead-letter-routing-key',
  deliveryLimit: 'delivery-limit',
  queueLeaderLocator: 'queue-leader-locator',
};

export const policySet = defineCommand({
  name: 'set',
  summary: 'set a policy in the vhost (-V): create it, or bring it to these values (idempotent)',
  args: { name: arg.required('name') },
  options: {
    pattern: opt.value('--pattern <regex>', 'names of the queues or exchanges it applies to (required)', regex),
    applyTo: opt.withDefault('--apply-to <what>', `${POLICY_TARGETS.join(', ')}`, choice(POLICY_TARGETS), 'all'),
    priority: opt.withDefault('--priority <n>', 'the highest priority among matching policies wins', nonNegativeInt, 0),
    definition: opt.value('--definition <json>', 'the definition as a JSON object; the flags below add to it', jsonObject),
    set: opt.repeat('--set <key=value>', 'one definition key, typed: n=3 a number, b=true a boolean, s:=007 a string; repeatable', collectPair),
    ...KEYS,
  },
  help: `The whole policy is what you give: an existing one is compared (pattern, apply-to, priority and
every definition key) and updated in place when it differs; the same again changes nothing.

  rmqx policy set ttl --pattern '^tmp\\.' --message-ttl 60000 --apply-to queues -V shop
  rmqx policy set limits --pattern '.*' --definition '{"max-length": 1000}' --priority 1`,
  async run(ctx, { name }, o) {
    requireName('policy', name);
    if (o.pattern === undefined) throw new UsageError('--pattern is required', "the names it applies to, e.g. --pattern '^orders\\.'");
    const definition: Record<string, unknown> = { ...(o.definition ?? {}), ...(o.set ?? {}) };
    for (const key of Object.keys(KEYS) as Array<keyof typeof KEYS>) {
      if (o[key] !== undefined) definition[KEY_NAMES[key]] = o[key];
    }
    await ensure(ctx, policyKind, { vhost: ctx.vhost, name, pattern: o.pattern, applyTo: o.applyTo, priority: o.priority, definition });
  },
});
