/** Definitions files and whole-state plans, without a broker: parsing, checking, scoping, normalising, planning, words. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDefinitions, formatOf, parseDefinitions, scoped, type Definitions } from '../../src/definitions/document.js';
import { fillDefaults, stripDefaults } from '../../src/definitions/defaults.js';
import { stateOf } from '../../src/definitions/state.js';
import { coverageOf, planState, summaryOf, toExecute, type Step } from '../../src/apply/plan.js';
import { levels } from '../../src/apply/execute.js';
import { stepJson, stepLines } from '../../src/apply/render.js';
import { DataError, EXIT } from '../../src/errors.js';
import { hashPassword } from '../../src/crypto/password-hash.js';

const dataError = (re: RegExp) => (e: unknown) => e instanceof DataError && e.exitCode === EXIT.data && re.test(e.message);

const GUEST_HASH = hashPassword('guest');
const SVC_HASH = hashPassword('old');

/** A broker's export as 4.3 writes it: broker-filled x-queue-type, an amq.* exchange, the cluster id. */
const brokerExport = (): Definitions => ({
  rabbit_version: '4.3.6',
  vhosts: [
    { name: '/', limits: {}, metadata: { description: 'Default virtual host', tags: [], default_queue_type: 'classic' } },
    { name: 'shop', limits: { 'max-queues': 100 }, metadata: { description: 'web shop', tags: ['a', 'b'], default_queue_type: 'classic' } },
  ],
  users: [
    { name: 'guest', password_hash: GUEST_HASH, hashing_algorithm: 'rabbit_password_hashing_sha256', tags: ['administrator'], limits: {} },
    { name: 'svc', password_hash: SVC_HASH, hashing_algorithm: 'rabbit_password_hashing_sha256', tags: ['monitoring', 'management'], limits: {} },
  ],
  permissions: [
    { user: 'guest', vhost: 'shop', configure: '.*', write: '.*', read: '.*' },
    { user: 'svc', vhost: 'shop', configure: '', write: '.*', read: '.*' },
  ],
  global_parameters: [{ name: 'internal_cluster_id', value: 'rabbitmq-cluster-id-x' }, { name: 'cluster_tags', value: [] }],
  parameters: [
    { component: 'vhost-limits', name: 'limits', vhost: 'shop', value: { 'max-queues': 100 } },
    { component: 'operator_policy', name: 'op', vhost: 'shop', value: { pattern: '.*', definition: { 'max-length': 1000 }, priority: 0, 'apply-to': 'queues' } },
    { component: 'federation-upstream', name: 'up', vhost: 'shop', value: { uri: 'amqp://u:s3cret@127.0.0.1:5672' } },
  ],
  policies: [{ vhost: 'shop', name: 'ttl', pattern: '^q', 'apply-to': 'queues', definition: { 'message-ttl': 60000 }, priority: 0 }],
  queues: [
    { name: 'orders', vhost: 'shop', durable: true, auto_delete: false, type: 'classic', arguments: { 'x-queue-type': 'classic', 'x-max-length': 10 } },
    { name: 'jobs', vhost: 'shop', durable: true, auto_delete: false, type: 'quorum', arguments: { 'x-queue-type': 'quorum' } },
    { name: 'tmp', vhost: 'shop', durable: false, auto_delete: true, type: 'classic', arguments: { 'x-queue-type': 'classic' } },
  ],
  exchanges: [
    { name: 'amq.rabbitmq.log', vhost: '/', type: 'topic', durable: true, auto_delete: false, internal: false, arguments: {} },
    { name: 'events', vhost: 'shop', type: 'topic', durable: true, auto_delete: false, internal: false, arguments: {} },
  ],
  bindings: [{ source: 'events', vhost: 'shop', destination: 'orders', destination_type: 'queue', routing_key: 'order.#', arguments: {} }],
});

function plan(file: Definitions, opts: { prune?: boolean; recreate?: boolean; scope?: string; env?: Record<string, string> } = {}): Step[] {
  const doc = scoped(checkDefinitions(file, 'test'), 'test', opts.scope);
  const want = stateOf(doc, { side: 'want', env: opts.env ?? {} });
  const have = stateOf(brokerExport(), { side: 'have' });
  return planState(want, have, coverageOf(doc, want, opts.scope), { prune: opts.prune, recreate: opts.recreate, self: 'guest' });
}

const changed = (steps: Step[]) => steps.filter((s) => s.change.action !== 'unchanged' && !s.kept);
const words = (steps: Step[]) => changed(steps).flatMap(stepLines);

test('parse: JSON and YAML give the same document; the format follows the name, else the first character', async () => {
  const yaml = 'queues:\n  - name: q\n    vhost: shop\n    arguments:\n      x-max-length: 10\n      x-flag: on\n';
  const json = '{"queues":[{"name":"q","vhost":"shop","arguments":{"x-max-length":10,"x-flag":"on"}}]}';
  // YAML 1.2 core schema: "on" stays a string, as in JSON
  assert.deepEqual(await parseDefinitions(yaml, { source: 'f.yaml' }), await parseDefinitions(json, { source: 'f.json' }));
  assert.equal(formatOf('-', '  {"a":1}'), 'json');
  assert.equal(formatOf('-', 'queues: []'), 'yaml');
  assert.equal(formatOf('x.yml', '{}'), 'yaml');
});

test('parse: what is not definitions is exit 65 naming the first wrong object and field', async () => {
  await assert.rejects(parseDefinitions('{"queues": [', { source: 'a.json' }), dataError(/^'a.json' is not definitions: invalid JSON/));
  await assert.rejects(parseDefinitions('queues: [\n', { source: 'a.yaml' }), dataError(/invalid YAML/));
  await assert.rejects(parseDefinitions('[1,2]', { source: '-' }), dataError(/standard input is not definitions/));
  await assert.rejects(parseDefinitions('{"queus": []}', { source: 'a.json' }), dataError(/unknown section 'queus'/));
  await assert.rejects(parseDefinitions('{"queues": {}}', { source: 'a.json' }), dataError(/'queues' must be a list/));
  await assert.rejects(parseDefinitions('{"queues": [{"name":"a","vhost":"v"},{"name":"b","vhost":"v","durable":"yes"}]}', { source: 'a.json' }), dataError(/queues\[1\] \('b' in vhost 'v'\): 'durable' must be true or false, not "yes"/));
  await assert.rejects(parseDefinitions('{"exchanges": [{"name":"x","vhost":"v"}]}', { source: 'a.json' }), dataError(/exchanges\[0\] \('x' in vhost 'v'\): 'type' is missing/));
  await assert.rejects(parseDefinitions('{"bindings": [{"source":"x","vhost":"v","destination":"q","destination_type":"queues"}]}', { source: 'a.json' }), dataError(/'destination_type' must be queue or exchange/));
  await assert.rejects(parseDefinitions('{"vhosts": [{"name":"v","limits":{"max-queues":-2}}]}', { source: 'a.json' }), dataError(/'limits' must be an object of whole numbers/));
  await assert.rejects(parseDefinitions('{"users": [{"name":"u","password":"hunter2"}]}', { source: 'a.json' }), (e: unknown) => dataError(/a plain 'password' is not read from a file/)(e) && !String((e as Error).message).includes('hunter2'));
  await assert.rejects(parseDefinitions('{"users": [{"name":"u","password_env":"P","password_hash":"x"}]}', { source: 'a.json' }), dataError(/'password_env' or 'password_hash', not both/));
});

test('scope: -V fills in the vhost and refuses other vhosts and cluster-wide sections; without it a vhost is required', () => {
  const one = scoped(checkDefinitions({ queues: [{ name: 'q' }], metadata: { description: 'd' }, limits: { 'max-queues': 5 } }, 'f'), 'f', 'shop');
  assert.deepEqual(one.queues, [{ name: 'q', vhost: 'shop' }]);
  assert.deepEqual(one.vhosts, [{ name: 'shop', metadata: { description: 'd' }, limits: { 'max-queues': 5 } }]);
  // a one-vhost file (3.x writes the vhost into its one-vhost exports) goes into -V's vhost
  assert.deepEqual(scoped(checkDefinitions({ queues: [{ name: 'q', vhost: 'other' }], policies: [{ name: 'p', vhost: 'other', pattern: '.', definition: {} }] }, 'f'), 'f', 'shop').queues, [{ name: 'q', vhost: 'shop' }]);
  // objects of several vhosts, or a file with a vhosts section, stay strict
  assert.throws(() => scoped(checkDefinitions({ queues: [{ name: 'q', vhost: 'other' }, { name: 'r', vhost: 'shop' }] }, 'f'), 'f', 'shop'), dataError(/queues\[0\] \('q' in vhost 'other'\) is not in vhost 'shop'/));
  assert.throws(() => scoped(checkDefinitions({ vhosts: [{ name: 'shop' }], queues: [{ name: 'q', vhost: 'other' }] }, 'f'), 'f', 'shop'), dataError(/not in vhost 'shop'/));
  assert.throws(() => scoped(checkDefinitions({ users: [{ name: 'u' }] }, 'f'), 'f', 'shop'), dataError(/'users' is cluster-wide/));
  assert.throws(() => scoped(checkDefinitions({ queues: [{ name: 'q' }] }, 'f'), 'f', undefined), dataError(/queues\[0\] \('q'\) names no vhost/));
});

test("rabbitmqctl 3.x's limits as pairs: [] is none, [[name, n]] a limit", async () => {
  const doc = await parseDefinitions('{"vhosts":[{"name":"v","limits":[]},{"name":"w","limits":[["max-queues",500]]}],"users":[{"name":"u","limits":[]}]}', { source: 'x.json' });
  assert.deepEqual(stateOf(doc, { side: 'have' }).vhostLimits, [{ owner: 'w', limits: { 'max-queues': 500 } }]);
  assert.deepEqual(stateOf(doc, { side: 'have' }).userLimits, []);
  await assert.rejects(parseDefinitions('{"vhosts":[{"name":"v","limits":[1]}]}', { source: 'x.json' }), dataError(/'limits' must be/));
  // and an operator policy's definition
  const op = await parseDefinitions('{"parameters":[{"component":"operator_policy","name":"o","vhost":"v","value":{"pattern":".","definition":[["max-length",100]]}}]}', { source: 'x.json' });
  assert.deepEqual(stateOf(op, { side: 'want' }).operatorPolicies[0]?.definition, { 'max-length': 100 });
});

test("the broker's own export planned against itself is empty, and so is its stripped form", () => {
  assert.deepEqual(changed(plan(brokerExport(), { prune: true })), []);
  const stripped = stripDefaults(brokerExport());
  assert.deepEqual(stripped.queues?.[0], { name: 'orders', vhost: 'shop', arguments: { 'x-max-length': 10 } });
  assert.deepEqual(stripped.exchanges?.[1], { name: 'events', vhost: 'shop', type: 'topic' });
  assert.deepEqual(stripped.global_parameters, []);
  assert.deepEqual(changed(plan(stripped, { prune: true })), []);
  // filled again for the broker's import: every field back
  assert.deepEqual(fillDefaults(stripped).queues?.[1], { durable: true, auto_delete: false, arguments: { 'x-queue-type': 'quorum' }, name: 'jobs', vhost: 'shop', type: 'quorum' });
});

test('broker defaults are no difference: no x-queue-type, tags in another order, a vhost without metadata', () => {
  const steps = plan({
    vhosts: [{ name: 'shop' }],
    users: [{ name: 'svc', tags: 'management,monitoring' }],
    queues: [{ name: 'orders', vhost: 'shop', arguments: { 'x-max-length': 10 } }, { name: 'jobs', vhost: 'shop' }],
    exchanges: [{ name: 'events', vhost: 'shop', type: 'topic' }],
  });
  assert.deepEqual(changed(steps), []);
  assert.equal(summaryOf(steps).unchanged, 5);
});

test('updates name each field old → new; a password shows only as changed, never a value or a hash', () => {
  const steps = plan(
    {
      vhosts: [{ name: 'shop', description: 'the shop', limits: { 'max-queues': 200 } }],
      users: [{ name: 'svc', tags: ['monitoring'], password_env: 'SVC' }],
      policies: [{ vhost: 'shop', name: 'ttl', pattern: '^q', 'apply-to': 'queues', definition: { 'message-ttl': 30000 } }],
      parameters: [{ component: 'federation-upstream', name: 'up', vhost: 'shop', value: { uri: 'amqp://u:n3wsecret@127.0.0.1:5672' } }],
    },
    { env: { SVC: 'brand-new-pw' } },
  );
  const text = words(steps).join('\n');
  assert.match(text, /^~ vhost 'shop'\n {4}description: web shop → the shop$/m);
  assert.match(text, /^~ user 'svc'\n {4}password \(changed\)\n {4}tags: \["monitoring","management"\] → \["monitoring"\]$/m);
  assert.match(text, /^~ limits of vhost 'shop'\n {4}max-queues: 100 → 200$/m);
  assert.match(text, /^ {4}message-ttl: 60000 → 30000$/m);
  const everything = text + JSON.stringify(changed(steps).map(stepJson));
  for (const secret of ['brand-new-pw', 's3cret', 'n3wsecret', 'password_hash']) assert.ok(!everything.includes(secret), `${secret} shown`);
  assert.match(everything, /amqp:\/\/u:\*\*\*@127\.0\.0\.1:5672/);
  // the same password again: no difference
  const same = plan({ users: [{ name: 'svc', tags: ['monitoring', 'management'], password_env: 'SVC' }] }, { env: { SVC: 'old' } });
  assert.deepEqual(changed(same), []);
});

test('a password_env that is not set is exit 65 naming the variable, never a guess', () => {
  assert.throws(() => plan({ users: [{ name: 'svc', password_env: 'NOPE_PW' }] }), dataError(/environment variable NOPE_PW, which is not set/));
});

test('immutable changes are conflicts; --recreate turns them into delete-and-declare and declares their bindings again', () => {
  const file: Definitions = {
    queues: [{ name: 'orders', vhost: 'shop', type: 'quorum' }],
    exchanges: [{ name: 'events', vhost: 'shop', type: 'topic' }],
    bindings: [{ source: 'events', vhost: 'shop', destination: 'orders', destination_type: 'queue', routing_key: 'order.#' }],
  };
  const refused = plan(file);
  assert.deepEqual(changed(refused).map((s) => [s.change.action, s.recreate]), [['conflict', false]]);
  assert.match(stepLines(changed(refused)[0] as Step).join('\n'), /^! queue 'orders' in vhost 'shop': cannot change in place.*\n {4}type: classic → quorum \(fixed\)\n {4}x-max-length: 10 → \(none\) \(fixed\)$/);
  assert.equal(summaryOf(refused).conflict, 1);
  const again = plan(file, { recreate: true });
  const exec = toExecute(again);
  assert.deepEqual(exec.map((s) => [s.change.kind.name, s.change.action, Boolean(s.rebind)]), [['queue', 'conflict', false], ['binding', 'create', true]]);
});

test('--prune deletes only the kinds and vhosts the file covers, never what the broker or the connection needs', () => {
  // a file of one section: only its kind is pruned
  const queuesOnly = plan({ queues: [{ name: 'orders', vhost: 'shop', arguments: { 'x-max-length': 10 } }] }, { prune: true });
  assert.deepEqual(changed(queuesOnly).map((s) => `${s.change.action} ${s.change.kind.describe(s.change.have)}`), ["delete queue 'jobs' in vhost 'shop'"]);
  assert.deepEqual(queuesOnly.filter((s) => s.kept).map((s) => s.kept), ['an auto-delete queue: the broker removes it with its last consumer']);
  // a vhost the file does not name is left alone
  const elsewhere = plan({ queues: [{ name: 'q', vhost: 'other' }] }, { prune: true });
  assert.deepEqual(changed(elsewhere).map((s) => s.change.action), ['create']);
  // every section empty: everything goes but '/', guest and guest's permissions
  const empty = plan({ vhosts: [{ name: 'shop', limits: {} }], users: [], permissions: [], parameters: [], policies: [], queues: [], exchanges: [], bindings: [], global_parameters: [] }, { prune: true });
  const gone = changed(empty).map((s) => s.change.kind.describe(s.change.have));
  assert.deepEqual(gone.sort(), [
    "binding exchange 'events' -> queue 'orders' with routing key 'order.#' in vhost 'shop'",
    "exchange 'events' in vhost 'shop'",
    "federation-upstream parameter 'up' in vhost 'shop'",
    'limits of vhost \'shop\'',
    "operator policy 'op' in vhost 'shop'",
    "permissions of user 'svc' in vhost 'shop'",
    "policy 'ttl' in vhost 'shop'",
    "queue 'jobs' in vhost 'shop'",
    "queue 'orders' in vhost 'shop'",
    "user 'svc'",
  ]);
  const kept = empty.filter((s) => s.kept).map((s) => `${s.change.kind.describe(s.change.have)}: ${s.kept}`);
  assert.ok(kept.includes("user 'guest': the user rmqx is connected as"), kept.join('\n'));
  assert.ok(kept.includes("permissions of user 'guest' in vhost 'shop': the permissions of the user rmqx is connected as"));
  assert.ok(kept.includes("global parameter 'cluster_tags': the broker's default"));
  // the broker's cluster id and amq.* exchanges are never objects at all
  assert.ok(!JSON.stringify(empty.map((s) => s.change.have)).includes('internal_cluster_id'));
  assert.ok(!JSON.stringify(empty.map((s) => s.change.have)).includes('amq.rabbitmq.log'));
  // without --prune nothing is deleted
  assert.deepEqual(changed(plan({ queues: [] })), []);
});

test('a file applied to one vhost (-V) never prunes other vhosts, even with its own vhost entry (4.x one-vhost exports)', () => {
  const steps = plan({ metadata: { description: 'web shop' }, queues: [{ name: 'orders', arguments: { 'x-max-length': 10 } }, { name: 'jobs', type: 'quorum' }], exchanges: [{ name: 'events', type: 'topic' }] }, { prune: true, scope: 'shop' });
  // not even the default vhost is considered (kept or not)
  assert.deepEqual(steps.filter((s) => s.change.action === 'delete').map((s) => s.change.kind.describe(s.change.have)), ["queue 'tmp' in vhost 'shop'"]);
  const empty = plan({ vhosts: [{ name: 'shop' }], queues: [] }, { prune: true, scope: 'shop' });
  assert.deepEqual(changed(empty).map((s) => s.change.kind.describe(s.change.have)), ["queue 'orders' in vhost 'shop'", "queue 'jobs' in vhost 'shop'"]);
  assert.ok(!empty.some((s) => s.change.kind.name === 'vhost' && s.change.action === 'delete'));
});

test('execution levels: dependencies first; deletes in reverse (bindings, then queues, then vhosts)', () => {
  const steps = plan({ vhosts: [{ name: 'shop' }, { name: 'new' }], queues: [{ name: 'q', vhost: 'new' }], exchanges: [{ name: 'x', vhost: 'new', type: 'fanout' }], bindings: [{ source: 'x', vhost: 'new', destination: 'q', destination_type: 'queue' }], users: [{ name: 'guest', tags: ['administrator'] }] }, { prune: true });
  const names = levels(toExecute(steps)).map((l) => [...new Set(l.map((s) => `${s.change.action} ${s.change.kind.name}`))].sort());
  assert.deepEqual(names, [
    ['create vhost'],
    ['create exchange', 'create queue'],
    ['create binding'],
    ['delete binding'],
    // permissions are not pruned: the file has no section for them (the broker drops svc's with svc)
    ['delete exchange', 'delete queue'],
    ['delete user'],
  ].map((l) => l.sort()));
});

test('an object twice in a file is an error naming it', () => {
  assert.throws(() => plan({ queues: [{ name: 'q', vhost: 'shop' }, { name: 'q', vhost: 'shop' }] }), /queue 'q' in vhost 'shop' is in the file twice/);
});
