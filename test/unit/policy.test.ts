import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError } from 'commander';
import { millisecondsOption, parseMilliseconds, parseSize, positiveMillisecondsOption, sizeOption } from '../../src/cli/durations.js';
import { appliesTo, mirroringKeys, policyConflicts, refusalWords, type PolicyObject, type PolicySpec } from '../../src/kinds/policy.js';
import { Capabilities } from '../../src/mgmt/capabilities.js';

test('milliseconds: plain numbers are ms; s, m, h, d (and D) convert; months, years, fractions of a ms and junk are refused', () => {
  assert.equal(parseMilliseconds('250'), 250);
  assert.equal(parseMilliseconds('0'), 0);
  assert.equal(parseMilliseconds('250ms'), 250);
  assert.equal(parseMilliseconds('60s'), 60_000);
  assert.equal(parseMilliseconds('30m'), 1_800_000);
  assert.equal(parseMilliseconds('1h'), 3_600_000);
  assert.equal(parseMilliseconds('1.5h'), 5_400_000);
  assert.equal(parseMilliseconds('7d'), 604_800_000);
  assert.equal(parseMilliseconds('7D'), 604_800_000);
  for (const bad of ['', '-1', '1M', '1Y', '0.5ms', '1.0001s5', 's', '1 h', '1e3', '99999999999999999999']) assert.equal(parseMilliseconds(bad), undefined, bad);
  assert.equal(millisecondsOption('2s'), 2000);
  assert.throws(() => millisecondsOption('2w'), InvalidArgumentError);
  assert.throws(() => positiveMillisecondsOption('0s'), /at least 1 ms/);
});

test('sizes: plain numbers are bytes; kB..PB are powers of 1000, KiB..PiB of 1024, letters case-insensitive but the i; a prefix needs its B', () => {
  assert.equal(parseSize('512'), 512);
  assert.equal(parseSize('512B'), 512);
  assert.equal(parseSize('10kB'), 10_000);
  assert.equal(parseSize('10KiB'), 10_240);
  assert.equal(parseSize('10GB'), 10_000_000_000);
  assert.equal(parseSize('10gb'), 10_000_000_000);
  assert.equal(parseSize('10GiB'), 10_737_418_240);
  assert.equal(parseSize('1.5MiB'), 1_572_864);
  assert.equal(parseSize('1TB'), 1e12);
  for (const bad of ['', '-1', '10G', '10Gi', '10iB', '1.5B', 'GB', '10 XB', '9999999PB']) assert.equal(parseSize(bad), undefined, bad);
  assert.throws(() => sizeOption('10G'), /is not a size/);
});

test("refusalWords: the broker's reason in one line, 3.x's HTML escapes and Erlang terms read", () => {
  assert.equal(refusalWords('Validation failed\n\n[{&lt;&lt;"no-such"&gt;&gt;,1}] are not recognised policy settings\n'), 'no-such=1 are not recognised policy settings');
  assert.equal(refusalWords('Validation failed\n\n[{<<"ha-mode">>,<<"all">>}] are not recognised policy settings\n'), 'ha-mode=all are not recognised policy settings');
  assert.equal(refusalWords('Validation failed\n\n0 is not a valid queue expiry\n'), '0 is not a valid queue expiry');
  assert.equal(refusalWords('Validation failed\n\npattern should be regular expression but is invalid: {"missing closing parenthesis",\n      1}\n'), 'pattern should be regular expression but is invalid: {"missing closing parenthesis", 1}');
  assert.equal(refusalWords('  '), '');
});

test('appliesTo: apply-to against queues by type and exchanges', () => {
  const classic: PolicyObject = { kind: 'queue', name: 'q', type: 'classic' };
  const quorum: PolicyObject = { kind: 'queue', name: 'q', type: 'quorum' };
  const stream: PolicyObject = { kind: 'queue', name: 'q', type: 'stream' };
  const exchange: PolicyObject = { kind: 'exchange', name: 'x' };
  const row = (a: string) => [classic, quorum, stream, exchange].map((o) => appliesTo(a, o));
  assert.deepEqual(row('all'), [true, true, true, true]);
  assert.deepEqual(row('queues'), [true, true, true, false]);
  assert.deepEqual(row('exchanges'), [false, false, false, true]);
  assert.deepEqual(row('classic_queues'), [true, false, false, false]);
  assert.deepEqual(row('quorum_queues'), [false, true, false, false]);
  assert.deepEqual(row('streams'), [false, false, true, false]);
  assert.deepEqual(row('tables'), [false, false, false, false]);
});

const p = (name: string, pattern: string, priority = 0, applyTo = 'all'): PolicySpec => ({ vhost: 'v', name, pattern, applyTo, priority, definition: { 'max-length': 1 } });

test('policyConflicts: equal priority and a shared object (pattern and apply-to) is a conflict; a higher priority, disjoint names or apply-to are not', () => {
  const objects: PolicyObject[] = [
    { kind: 'queue', name: 'orders.eu', type: 'quorum' },
    { kind: 'queue', name: 'orders.us', type: 'classic' },
    { kind: 'exchange', name: 'orders' },
    { kind: 'queue', name: 'audit', type: 'stream' },
  ];
  const { conflicts, unchecked } = policyConflicts(
    [p('a', '^orders\\.'), p('b', 'eu$'), p('c', '^orders', 5), p('d', '^orders', 0, 'exchanges'), p('e', '^orders', 0, 'quorum_queues'), p('f', '^audit'), p('g', '^nothing')],
    objects,
  );
  assert.deepEqual(unchecked, []);
  assert.deepEqual(
    conflicts.map((c) => [c.policy.name, c.other.name, c.priority, c.objects.map((o) => `${o.kind}:${o.name}`)]),
    [
      ['a', 'b', 0, ['queue:orders.eu']],
      ['a', 'e', 0, ['queue:orders.eu']],
      ['b', 'e', 0, ['queue:orders.eu']],
    ],
  );
  assert.deepEqual(policyConflicts([p('a', '.*'), p('b', '.*', 1)], objects).conflicts, []);
  assert.deepEqual(policyConflicts([p('a', '.*'), p('b', '.*')], []).conflicts, [], 'no object, no conflict');
});

test('policyConflicts: a pattern JavaScript cannot read is named, not guessed', () => {
  const r = policyConflicts([p('pcre', 'a++'), p('b', '.*'), p('c', '.*')], [{ kind: 'queue', name: 'aa' }]);
  assert.deepEqual(r.unchecked, ['pcre']);
  assert.equal(r.conflicts.length, 1);
});

test('classic mirroring: a capability of 3.x only (removed in 4.0); an unreadable version lets the broker decide', () => {
  assert.equal(new Capabilities('3.10.8', new Set()).has('classicMirroring'), true);
  assert.equal(new Capabilities('3.13.7', new Set()).has('classicMirroring'), true);
  assert.equal(new Capabilities('4.0.0', new Set()).has('classicMirroring'), false);
  assert.equal(new Capabilities('4.3.6', new Set()).has('classicMirroring'), false);
  assert.equal(new Capabilities('', new Set()).has('classicMirroring'), true);
  assert.deepEqual(mirroringKeys({ 'ha-mode': 'all', 'max-length': 1, 'ha-sync-mode': 'manual' }), ['ha-mode', 'ha-sync-mode']);
});
