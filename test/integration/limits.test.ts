import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, dropVhost, freshVhost, rmqx, unique } from '../helpers/cli.js';

let vhost = '';
let user = '';
const vhostLimits = async () => (await api('GET', `/api/vhost-limits/${encodeURIComponent(vhost)}`)).body?.[0]?.value ?? {};
const userLimits = async () => (await api('GET', `/api/user-limits/${encodeURIComponent(user)}`)).body?.[0]?.value ?? {};

before(async () => {
  vhost = await freshVhost('limits');
  user = unique('limuser');
  await api('PUT', `/api/users/${user}`, { password: unique('pw'), tags: '' });
});
after(async () => {
  await dropVhost(vhost);
  await api('DELETE', `/api/users/${user}`);
});

test('vhost limit set: sets the limits given; the same again changes nothing; a change updates in place', async () => {
  const r = await rmqx(['vhost', 'limit', 'set', vhost, '--max-connections', '10', '--max-queues', '-1', '--json', '--detailed-exitcode']);
  assert.equal(r.code, 2, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), {
    action: 'set', kind: 'vhost limits', name: vhost, vhost, changed: true, updated: ['max-connections', 'max-queues'], limits: { 'max-connections': 10, 'max-queues': -1 },
  });
  assert.deepEqual(await vhostLimits(), { 'max-connections': 10, 'max-queues': -1 });

  const same = await rmqx(['vhost', 'limit', 'set', vhost, '--max-connections', '10', '--detailed-exitcode']);
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stderr, /already as asked/);

  const up = await rmqx(['vhost', 'limit', 'set', vhost, '--max-queues', '50', '--json', '--detailed-exitcode']);
  assert.equal(up.code, 2, up.stderr);
  assert.deepEqual(JSON.parse(up.stdout).updated, ['max-queues']);
  // the limit not given stays
  assert.deepEqual(await vhostLimits(), { 'max-connections': 10, 'max-queues': 50 });
});

test('vhost limit list: one vhost, every vhost with limits (-V names one), JSON as the API has it', async () => {
  assert.equal((await rmqx(['vhost', 'limit', 'set', vhost, '--max-connections', '7', '--max-queues', '8'])).code, 0);
  const one = await rmqx(['vhost', 'limit', 'list', vhost]);
  assert.equal(one.code, 0, one.stderr);
  assert.equal(one.stdout, `${vhost}\t7\t8\n`);
  const all = await rmqx(['vhost', 'limit', 'list']);
  assert.match(all.stdout, new RegExp(`^${vhost}\\t7\\t8$`, 'm'));
  const named = await rmqx(['vhost', 'limit', 'list', '-V', vhost, '--json']);
  assert.deepEqual(JSON.parse(named.stdout), [{ vhost, value: { 'max-connections': 7, 'max-queues': 8 } }]);
  const missing = await rmqx(['vhost', 'limit', 'list', unique('nope')]);
  assert.equal(missing.code, 66, missing.stderr);
  const both = await rmqx(['vhost', 'limit', 'list', vhost, '--all-vhosts']);
  assert.equal(both.code, 64, both.stderr);
});

test('vhost limit clear: one limit, --all; a limit not set is 66, with --if-exists 0', async () => {
  assert.equal((await rmqx(['vhost', 'limit', 'set', vhost, '--max-connections', '3', '--max-queues', '4'])).code, 0);
  const one = await rmqx(['vhost', 'limit', 'clear', vhost, '--max-queues', '--json', '--detailed-exitcode']);
  assert.equal(one.code, 2, one.stderr);
  assert.deepEqual(JSON.parse(one.stdout), { action: 'cleared', kind: 'vhost limits', name: vhost, vhost, changed: true, limits: { 'max-queues': 4 } });
  assert.deepEqual(await vhostLimits(), { 'max-connections': 3 });
  const again = await rmqx(['vhost', 'limit', 'clear', vhost, '--max-queues']);
  assert.equal(again.code, 66, again.stderr);
  assert.match(again.stderr, /max-queues is not set/);
  const ok = await rmqx(['vhost', 'limit', 'clear', vhost, '--max-queues', '--if-exists', '--json', '--detailed-exitcode']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).changed, false);
  const all = await rmqx(['vhost', 'limit', 'clear', vhost, '--all']);
  assert.equal(all.code, 0, all.stderr);
  assert.deepEqual(await vhostLimits(), {});
  assert.equal((await rmqx(['vhost', 'limit', 'clear', vhost, '--all'])).code, 66);
  assert.equal((await rmqx(['vhost', 'limit', 'clear', vhost, '--all', '--if-exists'])).code, 0);
});

test('vhost limit: bad input is 64; a missing vhost is 66', async () => {
  for (const args of [
    ['set', vhost, '--max-queues', '-2'],
    ['set', vhost, '--max-queues', 'many'],
    ['set', vhost, '--max-connections', '1.5'],
    ['set', vhost],
    ['clear', vhost],
    ['clear', vhost, '--all', '--max-queues'],
    ['set', vhost, '--max-channels', '3'],
  ]) {
    const r = await rmqx(['vhost', 'limit', ...args]);
    assert.equal(r.code, 64, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^rmqx: /);
  }
  const nope = unique('nope');
  const set = await rmqx(['vhost', 'limit', 'set', nope, '--max-queues', '1']);
  assert.equal(set.code, 66, set.stderr);
  assert.match(set.stderr, new RegExp(`vhost '${nope}' does not exist`));
  assert.equal((await rmqx(['vhost', 'limit', 'clear', nope, '--all'])).code, 66);
});

test('user limit set, list, clear: the same contract for users; a missing user is 66', async () => {
  const r = await rmqx(['user', 'limit', 'set', user, '--max-connections', '2', '--max-channels', '20', '--json', '--detailed-exitcode']);
  assert.equal(r.code, 2, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), {
    action: 'set', kind: 'user limits', name: user, user, changed: true, updated: ['max-connections', 'max-channels'], limits: { 'max-connections': 2, 'max-channels': 20 },
  });
  assert.deepEqual(await userLimits(), { 'max-connections': 2, 'max-channels': 20 });
  assert.equal((await rmqx(['user', 'limit', 'set', user, '--max-channels', '20', '--detailed-exitcode'])).code, 0);

  const list = await rmqx(['user', 'limit', 'list', user]);
  assert.equal(list.stdout, `${user}\t2\t20\n`);
  const all = await rmqx(['user', 'limits', 'list', '--json']);
  assert.ok(JSON.parse(all.stdout).some((row: { user: string }) => row.user === user));

  const clear = await rmqx(['user', 'limit', 'clear', user, '--max-channels', '--detailed-exitcode']);
  assert.equal(clear.code, 2, clear.stderr);
  assert.deepEqual(await userLimits(), { 'max-connections': 2 });
  assert.equal((await rmqx(['user', 'limit', 'clear', user, '--max-channels'])).code, 66);
  assert.equal((await rmqx(['user', 'limit', 'clear', user, '--all'])).code, 0);
  assert.deepEqual(await userLimits(), {});

  const nope = unique('nobody');
  for (const args of [['set', nope, '--max-channels', '1'], ['clear', nope, '--all'], ['list', nope]]) {
    const m = await rmqx(['user', 'limit', ...args]);
    assert.equal(m.code, 66, `${args.join(' ')}: ${m.stderr}`);
  }
  for (const args of [['set', user, '--max-channels', '-3'], ['set', user, '--max-queues', '1'], ['set', user]]) {
    const b = await rmqx(['user', 'limit', ...args]);
    assert.equal(b.code, 64, `${args.join(' ')}: ${b.stderr}`);
  }
});
