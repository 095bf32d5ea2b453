/** The plan engine on its own: kinds as data, no HTTP. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { immutable, mutable, differenceWords, type Kind } from '../../src/kinds/kind.js';
import { queueKind, type QueueSpec } from '../../src/kinds/queue.js';
import { vhostKind } from '../../src/kinds/vhost.js';
import { bindingKind } from '../../src/kinds/binding.js';
import { permissionKind } from '../../src/kinds/permission.js';
import { order, pending, planOne, planSet } from '../../src/plan/plan.js';
import { outcomeOf } from '../../src/plan/execute.js';

interface Thing {
  name: string;
  color?: string;
  size?: number;
}
const thing: Kind<Thing> = {
  name: 'thing',
  scope: 'cluster',
  dependsOn: [],
  identity: (t) => ({ kind: 'thing', name: t.name }),
  describe: (t) => `thing '${t.name}'`,
  read: async () => undefined,
  list: async () => [],
  diff: (have, want) => [...mutable('color', have.color, want.color), ...immutable('size', have.size, want.size)],
  write: async () => {},
  remove: async () => {},
  verbs: { create: 'made', update: 'repainted', delete: 'dropped' },
};

test('planOne: absent → create; same → unchanged; mutable → update; immutable → conflict (fixed fields first)', () => {
  assert.equal(planOne(thing, undefined, { name: 'a' }).action, 'create');
  assert.equal(planOne(thing, { name: 'a', color: 'red', size: 1 }, { name: 'a', color: 'red', size: 1 }).action, 'unchanged');
  assert.equal(planOne(thing, { name: 'a', color: 'red', size: 1 }, { name: 'a' }).action, 'unchanged', 'fields not asked are no difference');
  const up = planOne(thing, { name: 'a', color: 'red', size: 1 }, { name: 'a', color: 'blue' });
  assert.equal(up.action, 'update');
  assert.deepEqual(up.differences, [{ field: 'color', have: 'red', want: 'blue', mutable: true }]);
  const conflict = planOne(thing, { name: 'a', color: 'red', size: 1 }, { name: 'a', color: 'blue', size: 2 });
  assert.equal(conflict.action, 'conflict');
  assert.deepEqual(conflict.differences.map((d) => d.field), ['size', 'color']);
});

test('planSet: keyed by identity; prune deletes what nobody desires; a duplicate is refused', () => {
  const haves = [{ name: 'a', color: 'red' }, { name: 'b', color: 'red' }, { name: 'c' }];
  const wants = [{ name: 'b', color: 'blue' }, { name: 'a', color: 'red' }, { name: 'd' }];
  const keep = planSet(thing, haves, wants);
  assert.deepEqual(keep.map((c) => [c.want?.name, c.action]), [['b', 'update'], ['a', 'unchanged'], ['d', 'create']]);
  const prune = planSet(thing, haves, wants, { prune: true });
  assert.deepEqual(prune.map((c) => [(c.want ?? c.have)?.name, c.action]), [['b', 'update'], ['a', 'unchanged'], ['d', 'create'], ['c', 'delete']]);
  assert.equal(pending(keep), true);
  assert.equal(pending(planSet(thing, haves, [{ name: 'a' }])), false);
  assert.throws(() => planSet(thing, [], [{ name: 'x' }, { name: 'x' }]), /thing 'x' is desired twice/);
});

test('order: creates after what they depend on, deletes before it; the given order within a kind', () => {
  const q = (name: string): QueueSpec => ({ vhost: 'v', name, durable: true, autoDelete: false, arguments: {} });
  const changes = [
    planOne(bindingKind, undefined, { vhost: 'v', source: 'x', destinationType: 'q', destination: 'q1', routingKey: '', arguments: {} }),
    planOne(queueKind, undefined, q('q1')),
    { kind: vhostKind, action: 'delete' as const, have: { name: 'old' }, differences: [] },
    planOne(vhostKind, undefined, { name: 'v' }),
    planOne(queueKind, undefined, q('q2')),
    { kind: queueKind, action: 'delete' as const, have: q('gone'), differences: [] },
    planOne(permissionKind, undefined, { vhost: 'v', user: 'u', configure: '', write: '', read: '' }),
  ];
  const names = order(changes as never).map((c) => `${c.action} ${c.kind.name} ${JSON.stringify((c.want ?? c.have as { name?: string })?.['name' as never] ?? '')}`);
  assert.deepEqual(names, [
    'create vhost "v"',
    'create queue "q1"',
    'create queue "q2"',
    'create permission ""',
    'create binding ""',
    'delete queue "gone"',
    'delete vhost "old"',
  ]);
});

test('the queue kind: broker-filled x-queue-type and an unasked type are no difference; the rest is fixed', () => {
  const have: QueueSpec = { vhost: '/', name: 'q', type: 'classic', durable: true, autoDelete: false, arguments: { 'x-max-length': 5 } };
  assert.equal(planOne(queueKind, have, { ...have, type: undefined, arguments: { 'x-max-length': 5 } }).action, 'unchanged');
  assert.equal(planOne(queueKind, have, { ...have, arguments: { 'x-max-length': 5, 'x-queue-type': 'classic' } }).action, 'unchanged');
  const c = planOne(queueKind, have, { ...have, durable: false, type: 'quorum', arguments: {} });
  assert.equal(c.action, 'conflict');
  assert.equal(differenceWords(queueKind.describe(have), c.differences), "queue 'q' in vhost '/' exists with durable=true and type=classic and x-max-length=5, asked for durable=false and type=quorum and no x-max-length");
});

test('outcomes: one shape from every change, the kind’s verbs and notes', () => {
  const made = outcomeOf(planOne(thing, undefined, { name: 'a' }));
  assert.deepEqual(made, { action: 'made', kind: 'thing', name: 'a', changed: true, note: "made thing 'a'" });
  const same = outcomeOf(planOne(thing, { name: 'a' }, { name: 'a' }));
  assert.deepEqual(same, { action: 'made', kind: 'thing', name: 'a', changed: false, note: "thing 'a': already as asked, nothing changed" });
  const up = outcomeOf(planOne(thing, { name: 'a', color: 'red' }, { name: 'a', color: 'blue' }));
  assert.deepEqual(up, { action: 'repainted', kind: 'thing', name: 'a', changed: true, updated: ['color'], note: "repainted thing 'a': color" });
  const perm = outcomeOf(planOne(permissionKind, undefined, { vhost: 'v', user: 'u', configure: '.*', write: '', read: '' }));
  assert.deepEqual(perm, { action: 'set', kind: 'permissions', vhost: 'v', changed: true, user: 'u', configure: '.*', write: '', read: '', note: "set permissions of user 'u' in vhost 'v'" });
});
