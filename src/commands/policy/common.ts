/**
 * What policy and operator-policy verbs share: the definition flags (typed keys with units,
 * --definition, --definition-file, --set, --unset), how a definition is put together and
 * checked, and the verbs themselves, made once per flavour (policy, operator policy): their
 * API routes and shape are the same, only the keys the broker accepts differ.
 */
import type { Context } from '../../cli/context.js';
import { arg, defineCommand, opt, type OptDefs, type OptValues } from '../../cli/define.js';
import { durationOption, millisecondsOption, positiveMillisecondsOption, sizeOption } from '../../cli/durations.js';
import { choice, collectPair, jsonObject, nonNegativeInt, positiveInt, regex } from '../../cli/parsers.js';
import { DataError, NegativeOutcome, NotFoundError, UsageError } from '../../errors.js';
import type { Kind } from '../../kinds/kind.js';
import { mirroringKeys, POLICY_TARGETS, POLICY_VIEW, policyConflicts, policySpecOf, type PolicySpec } from '../../kinds/policy.js';
import type { Mgmt } from '../../mgmt/client.js';
import type { PoliciesApi } from '../../mgmt/resources/policies.js';
import type { Json } from '../../mgmt/types.js';
import { removeObject, ensure } from '../../plan/execute.js';
import { withFields } from '../../render/view.js';
import { IF_EXISTS } from '../options.js';
import { ALL_VHOSTS, listVhost, scopedView } from '../scope.js';
import { newName, requireName } from '../shared.js';

const ms = (key: string, what: string) => opt.value(`--${key} <duration>`, `${key}: ${what}; milliseconds, or with a unit: 60s, 30m, 1h, 7d`, millisecondsOption);

/** The keys of a policy as typed flags; values with units are converted to what the broker keeps. */
export const POLICY_KEYS = {
  maxLength: opt.value('--max-length <n>', 'max-length: at most N messages', nonNegativeInt),
  maxLengthBytes: opt.value('--max-length-bytes <size>', 'max-length-bytes: at most this many bytes of bodies; bytes, or 10MB, 10GiB …', sizeOption),
  messageTtl: ms('message-ttl', 'drop (or dead-letter) messages older than this'),
  expires: opt.value('--expires <duration>', 'expires: delete queues unused this long; milliseconds, or with a unit: 30m, 1h, 7d', positiveMillisecondsOption),
  maxAge: opt.value('--max-age <duration>', "max-age (streams): keep messages this long, in the broker's units: 7D, 12h, 30m (Y, M, D, h, m, s)", durationOption),
  overflow: opt.choice('--overflow <mode>', 'overflow: drop-head, reject-publish, reject-publish-dlx', choice(['drop-head', 'reject-publish', 'reject-publish-dlx'])),
  deadLetterExchange: opt.string('--dead-letter-exchange <exchange>', 'dead-letter-exchange'),
  deadLetterRoutingKey: opt.string('--dead-letter-routing-key <key>', 'dead-letter-routing-key'),
  deliveryLimit: opt.value('--delivery-limit <n>', 'delivery-limit (quorum queues)', nonNegativeInt),
  queueLeaderLocator: opt.choice('--queue-leader-locator <where>', 'queue-leader-locator: client-local or balanced', choice(['client-local', 'balanced'])),
  haMode: opt.choice('--ha-mode <mode>', 'ha-mode (classic mirroring, RabbitMQ 3.x only): all, exactly, nodes', choice(['all', 'exactly', 'nodes'])),
  haParams: opt.string('--ha-params <n|nodes>', 'ha-params: a count with --ha-mode exactly, comma-separated node names with --ha-mode nodes'),
  haSyncMode: opt.choice('--ha-sync-mode <mode>', 'ha-sync-mode (classic mirroring): manual or automatic', choice(['manual', 'automatic'])),
} as const;

/** The keys RabbitMQ takes in an operator policy (3.10: the first seven; 4.x adds overflow, target-group-size, queue-version). */
export const OPERATOR_KEYS = {
  maxLength: POLICY_KEYS.maxLength,
  maxLengthBytes: POLICY_KEYS.maxLengthBytes,
  messageTtl: POLICY_KEYS.messageTtl,
  expires: POLICY_KEYS.expires,
  maxInMemoryLength: opt.value('--max-in-memory-length <n>', 'max-in-memory-length (quorum queues)', nonNegativeInt),
  maxInMemoryBytes: opt.value('--max-in-memory-bytes <size>', 'max-in-memory-bytes (quorum queues); bytes, or 10MB, 1GiB …', sizeOption),
  deliveryLimit: POLICY_KEYS.deliveryLimit,
  overflow: POLICY_KEYS.overflow,
  targetGroupSize: opt.value('--target-group-size <n>', 'target-group-size (quorum queues, RabbitMQ 4.x)', positiveInt),
} as const;

/** Where a definition comes from besides the typed keys. */
const SOURCES = {
  definition: opt.value('--definition <json>', 'the definition as a JSON object; the flags below add to it', jsonObject),
  definitionFile: opt.string('--definition-file <file>', 'the definition as a JSON object in a file'),
  set: opt.repeat('--set <key=value>', 'one definition key, typed: n=3 a number, b=true a boolean, s:=007 a string; repeatable', collectPair),
} as const;

const UNSET = { unset: opt.repeat('--unset <key>', 'remove one definition key; repeatable', (k: string, acc: string[] | undefined) => [...(acc ?? []), k]) } as const;

type Sources = OptValues<typeof SOURCES>;

/** maxLengthBytes → max-length-bytes */
const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The typed key flags that were given, under the broker's names (ha-params is checked against ha-mode later). */
export function keyed<K extends OptDefs>(keys: K, o: OptValues<K>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(keys) as Array<keyof K & string>) {
    if (o[key] !== undefined) out[kebab(key)] = o[key];
  }
  return out;
}

/** --definition or --definition-file (not both), then --set: a missing file is 66, a file that is no JSON object 65. */
function sourced(ctx: Context, o: Sources): Record<string, unknown> {
  if (o.definition !== undefined && o.definitionFile !== undefined) throw new UsageError('--definition and --definition-file: give one of them');
  let base: Record<string, unknown> = o.definition ?? {};
  if (o.definitionFile !== undefined) {
    const text = ctx.readBinary(o.definitionFile, '--definition-file').toString('utf8');
    try {
      base = jsonObject(text);
    } catch (e) {
      throw new DataError(`--definition-file '${o.definitionFile}': ${(e as Error).message}`);
    }
  }
  return { ...base, ...(o.set ?? {}) };
}

/** ha-params as the broker wants it for the ha-mode in force: a count (exactly) or a list of nodes (nodes). */
function haParams(definition: Record<string, unknown>, given: string): void {
  const mode = definition['ha-mode'];
  if (mode === 'exactly') {
    if (!/^[1-9]\d*$/.test(given)) throw new UsageError(`--ha-params '${given}': ha-mode exactly takes a count of at least 1`);
    definition['ha-params'] = Number(given);
  } else if (mode === 'nodes') {
    const nodes = given.split(',').map((s) => s.trim()).filter(Boolean);
    if (!nodes.length) throw new UsageError('--ha-params: ha-mode nodes takes node names, comma-separated');
    definition['ha-params'] = nodes;
  } else throw new UsageError(`--ha-params: only with ha-mode exactly or nodes${mode === undefined ? '' : `, not ${String(mode)}`}`);
}

/** Classic mirroring keys only where the broker still has it (capabilities: classicMirroring). */
async function checkMirroring(ctx: Context, definition: Json): Promise<void> {
  const keys = mirroringKeys(definition);
  if (!keys.length) return;
  const caps = await (await ctx.mgmt()).capabilities();
  if (!caps.has('classicMirroring'))
    throw new UsageError(`${keys.join(', ')}: RabbitMQ ${caps.version} removed classic queue mirroring, so it takes no ha-* policy keys`, 'replicate with quorum queues or streams instead');
}

/** One flavour of policy: the policy kind or the operator-policy kind, its route. */
export interface Flavour {
  kind: Kind<PolicySpec>;
  /** the noun on the command line: 'policy', 'operator-policy' */
  noun: string;
  api(m: Mgmt): PoliciesApi;
  /** takes classic mirroring keys (policies, on 3.x) */
  mirroring: boolean;
}

/** A definition: --definition or --definition-file, --set, then the typed key flags; `finish` fixes values that depend on others. */
function definitionOf(ctx: Context, o: Sources, keys: Record<string, unknown>, finish?: (definition: Record<string, unknown>) => void): Record<string, unknown> {
  const definition = { ...sourced(ctx, o), ...keys };
  finish?.(definition);
  return definition;
}

/** --ha-params as the ha-mode in force wants it (a count or node names). */
export function haParamsFrom(given: string | undefined): ((definition: Record<string, unknown>) => void) | undefined {
  return given === undefined ? undefined : (definition) => haParams(definition, given);
}

const HOW = '--definition, --definition-file, --set or a key flag';
const an = (f: Flavour) => (f.kind.name === 'policy' ? 'a policy' : 'an operator policy');

export const NAME_ARG = { name: arg.required('name') };

export const SET_OPTIONS = {
  pattern: opt.value('--pattern <regex>', 'names of the queues or exchanges it applies to (required)', regex),
  applyTo: opt.withDefault('--apply-to <what>', `${POLICY_TARGETS.join(', ')}`, choice(POLICY_TARGETS), 'all'),
  priority: opt.withDefault('--priority <n>', 'the highest priority among matching policies wins', nonNegativeInt, 0),
  ...SOURCES,
} as const;

export const setSummary = (f: Flavour) => `set ${an(f)} in the vhost (-V): create it, or bring it to these values (idempotent)`;
export const setHelp = (f: Flavour) => `The whole ${f.kind.name} is what you give: an existing one is compared (pattern, apply-to, priority and
every definition key) and updated in place when it differs; the same again changes nothing.
Durations take units (--message-ttl 60s, --expires 1h: the broker keeps milliseconds), sizes too
(--max-length-bytes 10GB or 10GiB: bytes); plain numbers are milliseconds and bytes.

  rmqx ${f.noun} set ttl --pattern '^tmp\\.' --message-ttl 60s --apply-to queues -V shop
  rmqx ${f.noun} set limits --pattern '.*' --definition-file limits.json --priority 1`;

/** set: the whole object as given, through ensure. `keys` are the typed key flags given. */
export async function runSet(ctx: Context, f: Flavour, name: string, o: OptValues<typeof SET_OPTIONS>, keys: Record<string, unknown>, finish?: (definition: Record<string, unknown>) => void): Promise<void> {
  const word = f.kind.name;
  newName(word, name);
  if (o.pattern === undefined) throw new UsageError('--pattern is required', "the names it applies to, e.g. --pattern '^orders\\.'");
  const definition = definitionOf(ctx, o, keys, finish);
  if (!Object.keys(definition).length) throw new UsageError(`${word} '${name}': no definition`, `give it with ${HOW}`);
  if (f.mirroring) await checkMirroring(ctx, definition);
  await ensure(ctx, f.kind, { vhost: ctx.vhost, name, pattern: o.pattern, applyTo: o.applyTo, priority: o.priority, definition });
}

export const PATCH_OPTIONS = {
  pattern: opt.value('--pattern <regex>', 'a new pattern', regex),
  applyTo: opt.choice('--apply-to <what>', `a new apply-to: ${POLICY_TARGETS.join(', ')}`, choice(POLICY_TARGETS)),
  priority: opt.value('--priority <n>', 'a new priority', nonNegativeInt),
  ...SOURCES,
  ...UNSET,
} as const;

export const patchSummary = (f: Flavour) => `change some keys of an existing ${f.kind.name} in the vhost (-V); the rest stays as it is`;
export const patchHelp = (f: Flavour) => `Keys given are added or replaced, keys named by --unset removed; a patch that changes
nothing is success (0, changed:false). ${f.kind.name === 'policy' ? 'A policy' : 'An operator policy'} that does not exist is exit 66.

  rmqx ${f.noun} patch limits --set max-length=5000 --unset message-ttl -V shop`;

/** patch: the object as it is with these keys changed, through ensure; a missing one is 66. */
export async function runPatch(ctx: Context, f: Flavour, name: string, o: OptValues<typeof PATCH_OPTIONS>, keys: Record<string, unknown>, finish?: (definition: Record<string, unknown>) => void): Promise<void> {
  const word = f.kind.name;
  requireName(word, name);
  const added = definitionOf(ctx, o, keys, finish);
  const unset = o.unset ?? [];
  const both = unset.filter((k) => k in added);
  if (both.length) throw new UsageError(`${both.join(', ')}: both set and unset`);
  if (!Object.keys(added).length && !unset.length && o.pattern === undefined && o.applyTo === undefined && o.priority === undefined)
    throw new UsageError(`${word} patch '${name}': nothing to change`, 'give --set, --unset, a key flag, --definition, --definition-file, --pattern, --apply-to or --priority');
  const id: PolicySpec = { vhost: ctx.vhost, name, pattern: '', applyTo: 'all', priority: 0, definition: {} };
  const have = await f.kind.read(await ctx.mgmt(), id);
  if (!have) throw new NotFoundError(`patch ${f.kind.describe(id)}: it does not exist`, `create it with \`rmqx ${f.noun} set ${name} --pattern …\``);
  const definition: Record<string, unknown> = { ...have.definition, ...added };
  for (const k of unset) delete definition[k];
  if (!Object.keys(definition).length) throw new UsageError(`${word} '${name}': the patch would leave no definition (the broker takes none)`, `remove it with \`rmqx ${f.noun} clear ${name}\``);
  if (f.mirroring) await checkMirroring(ctx, added);
  await ensure(ctx, f.kind, { ...have, pattern: o.pattern ?? have.pattern, applyTo: o.applyTo ?? have.applyTo, priority: o.priority ?? have.priority, definition });
}

export function clearCommand(f: Flavour) {
  return defineCommand({
    name: 'clear',
    summary: `remove ${f.kind.name === 'policy' ? 'a policy' : 'an operator policy'} from the vhost (-V)`,
    args: { name: arg.required('name') },
    options: { ...IF_EXISTS },
    async run(ctx, { name }, { ifExists }) {
      await removeObject(ctx, f.kind, { vhost: ctx.vhost, name: requireName(f.kind.name, name), pattern: '', applyTo: 'all', priority: 0, definition: {} }, { ifExists });
    },
  });
}

export function listCommand(f: Flavour) {
  return defineCommand({
    name: 'list',
    summary: `list the ${f.kind.name === 'policy' ? 'policies' : 'operator policies'} of the vhost (-V; --all-vhosts for every one); definitions as the broker keeps them`,
    options: { ...ALL_VHOSTS },
    async run(ctx, _args, { allVhosts }) {
      const vhost = listVhost(ctx, 'in-vhost', allVhosts);
      await ctx.out.list(await f.api(await ctx.mgmt()).list(vhost), scopedView(POLICY_VIEW, vhost));
    },
  });
}

export function showCommand(f: Flavour) {
  return defineCommand({
    name: 'show',
    summary: `show one ${f.kind.name} of the vhost (-V)`,
    args: { name: arg.required('name') },
    async run(ctx, { name }) {
      const p = await f.api(await ctx.mgmt()).find(ctx.vhost, requireName(f.kind.name, name));
      if (!p) throw new NotFoundError(`${f.kind.describe({ vhost: ctx.vhost, name, pattern: '', applyTo: 'all', priority: 0, definition: {} })} does not exist`, `\`rmqx ${f.noun} list\` lists them`);
      await ctx.out.object(p, withFields([{ key: 'vhost' }, ...POLICY_VIEW], POLICY_VIEW.fields ?? []));
    },
  });
}

const CONFLICT_VIEW = withFields(
  [
    { key: 'priority', align: 'right' },
    { key: 'policy' },
    { key: 'other' },
    { key: 'queues' },
    { key: 'exchanges', human: (v) => (Array.isArray(v) ? v.map((n) => (n === '' ? '(default)' : String(n))).join(',') : '') },
  ],
  ['vhost', 'priority', 'policy', 'other', 'queues', 'exchanges'],
);

export function conflictsCommand(f: Flavour) {
  const plural = f.kind.name === 'policy' ? 'policies' : 'operator policies';
  return defineCommand({
    name: 'conflicts',
    summary: `pairs of ${plural} of equal priority that apply to the same queue or exchange of the vhost (-V; --all-vhosts for every one); exit 1 when there are any`,
    help: `Of two ${plural} of equal priority that match the same object (pattern and apply-to), the
broker applies one, and which one is not defined. Each such pair is listed with the queues and
exchanges they share. Exit 1 when there is any (a check), 0 when there is none. With
--all-vhosts every vhost is checked (each on its own: a policy applies only in its vhost) and a
vhost column comes first.`,
    options: { ...ALL_VHOSTS },
    async run(ctx, _args, { allVhosts }) {
      const vhost = listVhost(ctx, 'in-vhost', allVhosts);
      const m = await ctx.mgmt();
      const [policies, objects] = await Promise.all([f.api(m).list(vhost), f.api(m).objects(vhost)]);
      const vhosts = [...new Set(policies.map((p) => p.vhost))].sort((a, b) => a.localeCompare(b));
      const rows: Array<{ vhost: string; priority: number; policy: string; other: string; queues: string[]; exchanges: string[] }> = [];
      const unchecked: string[] = [];
      for (const v of vhosts) {
        const all = [
          ...objects.queues.filter((q) => q.vhost === v).map((q) => ({ kind: 'queue' as const, name: q.name, type: q.type })),
          ...objects.exchanges.filter((x) => x.vhost === v).map((x) => ({ kind: 'exchange' as const, name: x.name })),
        ];
        const found = policyConflicts(policies.filter((p) => p.vhost === v).map(policySpecOf), all);
        unchecked.push(...found.unchecked.map((n) => (vhost === undefined ? `${n} (vhost '${v}')` : n)));
        for (const c of found.conflicts)
          rows.push({
            vhost: v,
            priority: c.priority,
            policy: c.policy.name,
            other: c.other.name,
            queues: c.objects.filter((o) => o.kind === 'queue').map((o) => o.name),
            exchanges: c.objects.filter((o) => o.kind === 'exchange').map((o) => o.name),
          });
      }
      if (unchecked.length) ctx.out.warn(`not checked (a pattern rmqx cannot read as a JavaScript regular expression): ${unchecked.join(', ')}`);
      await ctx.out.list(rows, scopedView(CONFLICT_VIEW, vhost));
      const where = vhost === undefined ? 'any vhost' : `vhost '${vhost}'`;
      if (rows.length) {
        const inVhosts = vhost === undefined ? ` in ${new Set(rows.map((r) => r.vhost)).size} vhost(s)` : ` in vhost '${vhost}'`;
        throw new NegativeOutcome(`${rows.length} pair(s) of ${plural} of equal priority apply to the same objects${inVhosts}`, 'give one of each pair a higher --priority, or narrow a --pattern or --apply-to');
      }
      ctx.out.note(`no two ${plural} of equal priority apply to the same object in ${where}`);
    },
  });
}

const MATCH_VIEW = withFields(
  [
    { key: 'kind' },
    { key: 'name', human: (v) => (v === '' ? '(default)' : String(v)) },
    { key: 'policy', human: (v) => (v === null || v === undefined ? '(none)' : String(v)) },
    { key: 'operator_policy', human: (v) => (v === null || v === undefined ? '(none)' : String(v)) },
    { key: 'effective_policy_definition' },
  ],
  ['kind', 'vhost', 'name', 'type', 'policy', 'operator_policy', 'effective_policy_definition'],
);

/** `match` is the same for both nouns: the broker's object names its policy and operator policy. */
export const matchCommand = defineCommand({
  name: 'match',
  summary: 'which policy and operator policy apply to a queue (or --exchange) of the vhost (-V), and the definition in effect',
  args: { name: arg.required('name', 'a queue, or an exchange with --exchange') },
  options: { exchange: opt.flag('--exchange', 'NAME is an exchange') },
  help: `As the broker reports it on the queue or exchange (a queue's policy as of its last statistics
emission on RabbitMQ 3.x). Exchanges have no operator policies: their effective definition is
their policy's. A queue or exchange that does not exist is exit 66.`,
  async run(ctx, { name }, { exchange }) {
    const m = await ctx.mgmt();
    const vhost = ctx.vhost;
    const kind = exchange ? 'exchange' : 'queue';
    const o = exchange ? await m.policies.appliedToExchange(vhost, name) : await m.policies.appliedToQueue(vhost, name);
    if (!o) throw new NotFoundError(`${kind} '${name}' in vhost '${vhost}' does not exist`, exchange ? undefined : 'an exchange? add --exchange');
    const policy = o.policy ?? null;
    let effective: Json = o.effective_policy_definition ?? {};
    if (exchange && typeof policy === 'string' && policy !== '') effective = (await m.policies.find(vhost, policy))?.definition ?? {};
    const doc = {
      kind,
      vhost,
      name: o.name,
      ...(o.type !== undefined && !exchange ? { type: o.type } : {}),
      policy: policy === '' ? null : policy,
      operator_policy: exchange ? null : (o.operator_policy ?? null) || null,
      effective_policy_definition: effective,
    };
    await ctx.out.object(doc, MATCH_VIEW);
  },
});
