import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describePath, headersMatch, route, sameValue, topicMatches, words, type RouteBinding, type RouteExchange, type Topology } from '../../src/commands/route/engine.js';

const x = (name: string, type: string, extra: Partial<RouteExchange> = {}): RouteExchange => ({ name, type, ...extra });
const q = (source: string, destination: string, routing_key = '', args: Record<string, unknown> = {}): RouteBinding => ({ source, destination, destination_type: 'queue', routing_key, arguments: args });
const e2e = (source: string, destination: string, routing_key = '', args: Record<string, unknown> = {}): RouteBinding => ({ source, destination, destination_type: 'exchange', routing_key, arguments: args });

test('topic words: an empty key has none; dots around empty words count', () => {
  assert.deepEqual(words(''), []);
  assert.deepEqual(words('a'), ['a']);
  assert.deepEqual(words('a.'), ['a', '']);
  assert.deepEqual(words('.a'), ['', 'a']);
});

test('topic: * is one word, # zero or more, anywhere', () => {
  const yes: Array<[string, string]> = [
    ['a.b', 'a.b'], ['*', 'a'], ['a.*', 'a.b'], ['#', ''], ['#', 'a.b.c'], ['a.#', 'a'], ['a.#', 'a.b.c'], ['#.c', 'c'], ['#.c', 'a.b.c'],
    ['a.#.c', 'a.c'], ['a.#.c', 'a.b.b.c'], ['*.*', 'a.'], ['#.#', ''], ['a.*.#', 'a.b'], ['', ''], ['#.a.#', 'x.a.y'], ['*', ''.concat('x')],
  ];
  const no: Array<[string, string]> = [
    ['a.b', 'a.c'], ['*', ''], ['*', 'a.b'], ['a.*', 'a'], ['a.*', 'a.b.c'], ['#.c', 'c.d'], ['a.#.c', 'a.b'], ['', 'a'], ['a', ''], ['a.*.#', 'a'], ['A', 'a'],
  ];
  for (const [b, k] of yes) assert.equal(topicMatches(b, k), true, `${b} ~ ${k}`);
  for (const [b, k] of no) assert.equal(topicMatches(b, k), false, `${b} !~ ${k}`);
  // many #s do not blow up
  assert.equal(topicMatches('#.#.#.#.#.#.#.#.#.#.z', Array(40).fill('a').join('.')), false);
});

test('headers: x-match all (the default), any, all-with-x, any-with-x; values by Erlang ==', () => {
  assert.equal(headersMatch({ a: 1, b: 'x' }, { a: 1, b: 'x', c: 3 }), true);
  assert.equal(headersMatch({ 'x-match': 'all', a: 1, b: 'x' }, { a: 1 }), false);
  assert.equal(headersMatch({ 'x-match': 'any', a: 1, b: 'x' }, { a: 1 }), true);
  assert.equal(headersMatch({ 'x-match': 'any', a: 1 }, { a: '1' }), false, 'a string is not a number');
  assert.equal(headersMatch({ a: 1 }, { a: 1.0 }), true);
  assert.equal(headersMatch({}, {}), true, 'all with nothing to match matches');
  assert.equal(headersMatch({ 'x-match': 'any' }, { a: 1 }), false, 'any with nothing to match does not');
  assert.equal(headersMatch({ 'x-match': 'all', 'x-k': 1 }, {}), true, 'x- keys are left out');
  assert.equal(headersMatch({ 'x-match': 'all-with-x', 'x-k': 1 }, {}), false);
  assert.equal(headersMatch({ 'x-match': 'all-with-x', 'x-k': 1 }, { 'x-k': 1 }), true);
  assert.equal(headersMatch({ 'x-match': 'any-with-x', 'x-k': 1, a: 2 }, { 'x-k': 1 }), true);
  assert.equal(headersMatch({ 'x-match': 'any', 'x-k': 1 }, { 'x-k': 1 }), false);
  assert.equal(headersMatch({ flag: true }, { flag: true }), true);
  assert.equal(headersMatch({ flag: true }, { flag: 'true' }), false);
  assert.equal(sameValue({ a: [1, 2] }, { a: [1, 2] }), true);
  assert.equal(sameValue([1], [1, 2]), false);
});

const topo = (exchanges: RouteExchange[], bindings: RouteBinding[], queues?: string[]): Topology => ({ exchanges, bindings, queues });

test('direct and fanout; each matching binding is a route, each queue named once', () => {
  const t = topo([x('d', 'direct'), x('f', 'fanout')], [q('d', 'q1', 'k'), q('d', 'q2', 'other'), q('d', 'q1', 'k2'), q('f', 'a', 'ignored'), q('f', 'b')]);
  assert.deepEqual(route(t, { exchange: 'd', routingKey: 'k' }).queues, ['q1']);
  assert.deepEqual(route(t, { exchange: 'f', routingKey: 'anything' }).queues, ['a', 'b']);
  const none = route(t, { exchange: 'd', routingKey: 'nope' });
  assert.deepEqual([none.queues, none.exact, none.missing], [[], true, undefined]);
  const two = route(topo([x('d', 'direct')], [q('d', 'q1', 'k'), q('d', 'q1', 'k')]), { exchange: 'd', routingKey: 'k' });
  assert.deepEqual(two.queues, ['q1']);
  assert.equal(two.routes.length, 2);
});

test('exchange-to-exchange: followed with the same key; a cycle ends; the path names each hop', () => {
  const t = topo([x('a', 'topic'), x('b', 'fanout'), x('c', 'direct')], [e2e('a', 'b', 'eu.#'), e2e('b', 'c'), e2e('c', 'a', 'eu.x'), q('c', 'qc', 'eu.x'), q('b', 'qb'), q('a', 'qa', 'us.*')]);
  const r = route(t, { exchange: 'a', routingKey: 'eu.x' });
  assert.deepEqual(r.queues.sort(), ['qb', 'qc']);
  const qc = r.routes.find((x) => x.queue === 'qc');
  assert.deepEqual(qc?.path.map((s) => [s.exchange, s.via, s.binding?.routing_key]), [['a', 'publish', undefined], ['b', 'binding', 'eu.#'], ['c', 'binding', '']]);
  assert.equal(describePath(qc?.path ?? []), 'a --[eu.#]--> b --[]--> c');
});

test('the alternate exchange: only when the exchange matches nothing at all; the argument wins over the policy; missing ones are told', () => {
  const t = topo(
    [x('main', 'direct', { arguments: { 'alternate-exchange': 'ae' }, policyAlternate: 'pae' }), x('ae', 'fanout'), x('pae', 'fanout'), x('p', 'direct', { policyAlternate: 'pae' }), x('gone', 'direct', { arguments: { 'alternate-exchange': 'nowhere' } }), x('loop', 'direct', { arguments: { 'alternate-exchange': 'loop' } }), x('toempty', 'direct', { arguments: { 'alternate-exchange': 'ae' } }), x('empty', 'direct')],
    [q('main', 'routed', 'k'), q('ae', 'unrouted'), q('pae', 'by-policy'), e2e('toempty', 'empty', 'k')],
  );
  assert.deepEqual(route(t, { exchange: 'main', routingKey: 'k' }).queues, ['routed']);
  const viaAe = route(t, { exchange: 'main', routingKey: 'x' });
  assert.deepEqual(viaAe.queues, ['unrouted']);
  assert.deepEqual(viaAe.routes[0]?.path.map((s) => [s.exchange, s.via, s.from]), [['main', 'publish', undefined], ['ae', 'alternate-exchange', 'argument']]);
  const viaPolicy = route(t, { exchange: 'p', routingKey: 'x' });
  assert.deepEqual(viaPolicy.queues, ['by-policy']);
  assert.equal(viaPolicy.routes[0]?.path[1]?.from, 'policy');
  assert.deepEqual(route(t, { exchange: 'gone', routingKey: 'x' }).missingAlternates, [{ exchange: 'gone', alternate: 'nowhere' }]);
  assert.deepEqual(route(t, { exchange: 'loop', routingKey: 'x' }).queues, []);
  // toempty's binding matched (to an exchange that routes nowhere): its alternate is not used
  assert.deepEqual(route(t, { exchange: 'toempty', routingKey: 'k' }).queues, []);
});

test('the default exchange: the routing key names the queue (listed bindings or queue names)', () => {
  const t = topo([x('', 'direct')], [q('', 'orders', 'orders')], ['orders', 'audit']);
  assert.deepEqual(route(t, { exchange: '', routingKey: 'orders' }).queues, ['orders']);
  assert.deepEqual(route(t, { exchange: '', routingKey: 'audit' }).queues, ['audit']);
  assert.deepEqual(route(t, { exchange: '', routingKey: 'nope' }).queues, []);
  assert.deepEqual(route(topo([], [], ['q']), { exchange: '', routingKey: 'q' }).queues, ['q'], 'even when the exchange list leaves it out');
});

test('a missing or internal exchange; a plugin type is inexact with its candidates, not guessed', () => {
  const t = topo([x('i', 'fanout', { internal: true }), x('hash', 'x-consistent-hash'), x('front', 'fanout')], [q('hash', 'h1', '1'), q('hash', 'h2', '2'), e2e('front', 'hash'), q('front', 'direct-q')]);
  assert.equal(route(t, { exchange: 'nope', routingKey: '' }).missing, true);
  assert.equal(route(t, { exchange: 'i', routingKey: '' }).internal, true);
  const r = route(t, { exchange: 'front', routingKey: 'k' });
  assert.equal(r.exact, false);
  assert.deepEqual(r.queues, ['direct-q']);
  assert.deepEqual(r.inexact.map((i) => [i.exchange, i.type, i.candidates.map((c) => c.destination)]), [['hash', 'x-consistent-hash', ['h1', 'h2']]]);
});

test('headers exchange routing end to end', () => {
  const t = topo([x('h', 'headers')], [q('h', 'eu', '', { 'x-match': 'all', region: 'eu', v: 2 }), q('h', 'any', '', { 'x-match': 'any', region: 'us', urgent: true })]);
  assert.deepEqual(route(t, { exchange: 'h', routingKey: 'ignored', headers: { region: 'eu', v: 2 } }).queues, ['eu']);
  assert.deepEqual(route(t, { exchange: 'h', routingKey: '', headers: { urgent: true } }).queues, ['any']);
  assert.deepEqual(route(t, { exchange: 'h', routingKey: '' }).queues, []);
});
