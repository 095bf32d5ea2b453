import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { ChannelModel } from 'amqplib';
import { Session } from '../../src/amqp/session.js';
import { AmqpError, exitCodeOf, EXIT } from '../../src/errors.js';

const fakeConnection = () => Object.assign(new EventEmitter(), { close: async () => {} }) as unknown as ChannelModel & EventEmitter;

test('a connection the broker keeps blocked (resource alarm) ends the session as temporary (75)', async () => {
  const conn = fakeConnection();
  const s = new Session(conn, 'amqp://x', undefined, 50);
  conn.emit('blocked', 'low on memory');
  assert.equal(s.blocked, 'low on memory');
  await assert.rejects(s.failed(), (e: unknown) => e instanceof AmqpError && /blocked publishing for 0.05 s: low on memory/.test(e.replyText) && exitCodeOf(e) === EXIT.temporary);
});

test('unblocked in time: the session goes on', async () => {
  const conn = fakeConnection();
  const s = new Session(conn, 'amqp://x', undefined, 50);
  conn.emit('blocked', 'disk');
  conn.emit('unblocked');
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(s.error, undefined);
  assert.equal(s.blocked, undefined);
  await s.close();
});

test('a reset or unexpectedly closed socket is the network (69), not a bug (70)', async () => {
  const reset = fakeConnection();
  const a = new Session(reset, 'amqp://h:5672', undefined, 1000);
  reset.emit('error', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
  await assert.rejects(a.failed(), (e: unknown) => exitCodeOf(e) === EXIT.unavailable);
  const closed = fakeConnection();
  const b = new Session(closed, 'amqp://h:5672', undefined, 1000);
  closed.emit('close', new Error('Unexpected close'));
  await assert.rejects(b.failed(), (e: unknown) => exitCodeOf(e) === EXIT.unavailable && /Unexpected close/.test(String((e as Error).message)));
});

test('nothing waits on a silent broker for ever: within() gives up after the timeout (75)', async () => {
  const conn = fakeConnection();
  const s = new Session(conn, 'amqp://h:5672', undefined, 50);
  await assert.rejects(s.within(new Promise(() => {}), 'publisher confirms'), (e: unknown) => exitCodeOf(e) === EXIT.temporary && /publisher confirms/.test(String((e as Error).message)));
  assert.equal(await s.within(Promise.resolve(7), 'x'), 7);
});

test('an AMQP port that accepts and never answers is a timeout (75) within --timeout, not a reset (69)', async (t) => {
  const net = await import('node:net');
  const sockets: import('node:net').Socket[] = [];
  const server = net.createServer((s) => void sockets.push(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  const port = (server.address() as import('node:net').AddressInfo).port;
  const { runInProcess } = await import('../helpers/memory-io.js');
  const t0 = Date.now();
  const r = await runInProcess(['publish', '-k', 'q', 'x', '--amqp-url', `amqp://127.0.0.1:${port}`, '--timeout', '1']);
  const took = Date.now() - t0;
  assert.equal(r.code, 75, r.stderr);
  assert.match(r.stderr, /^rmqx: connect to AMQP broker: amqp:\/\/127\.0\.0\.1:\d+: timed out \(no AMQP answer within 1 s: is it an AMQP port, and is the broker up\?\)/);
  assert.ok(took < 1500, `took ${took} ms`);
});

test('closing a session the broker keeps blocked does not wait for a close-ok that cannot come: the socket is closed at once', async () => {
  let destroyed = false;
  const conn = Object.assign(new EventEmitter(), {
    close: () => new Promise(() => {}), // the broker is not reading: no close-ok ever
    connection: { stream: { destroy: (err?: Error) => (destroyed = err instanceof Error) } },
  }) as unknown as ChannelModel & EventEmitter;
  const s = new Session(conn, 'amqp://x', undefined, 60_000);
  conn.emit('blocked', 'low on memory');
  const t0 = Date.now();
  await s.close();
  assert.ok(Date.now() - t0 < 100, `close took ${Date.now() - t0} ms`);
  assert.equal(destroyed, true);
});

test('a node that resets the connection during the handshake (one dying, or booting) is passed over for the next AMQP URL', async (t) => {
  const net = await import('node:net');
  const sockets: import('node:net').Socket[] = [];
  const resetting = net.createServer((s) => s.resetAndDestroy());
  const silent = net.createServer((s) => void sockets.push(s));
  await Promise.all([resetting, silent].map((srv) => new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))));
  t.after(() => {
    for (const s of sockets) s.destroy();
    resetting.close();
    silent.close();
  });
  const port = (srv: import('node:net').Server) => (srv.address() as import('node:net').AddressInfo).port;
  const { runInProcess } = await import('../helpers/memory-io.js');
  const r = await runInProcess(['publish', '-k', 'q', 'x', '--amqp-url', `amqp://127.0.0.1:${port(resetting)},amqp://127.0.0.1:${port(silent)}`, '--timeout', '1']);
  // the second node was tried: its silence is what the run ends on
  assert.equal(r.code, 75, r.stderr);
  assert.match(r.stderr, new RegExp(`^rmqx: connect to AMQP broker: amqp://127\\.0\\.0\\.1:${port(silent)}: timed out`));
});

test('Session.open with startAt tries that URL first and the others after it, wrapping round; the session knows which it took', async (t) => {
  const net = await import('node:net');
  const servers = [0, 1, 2].map(() => net.createServer((s) => s.resetAndDestroy()));
  await Promise.all(servers.map((srv) => new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))));
  t.after(() => {
    for (const srv of servers) srv.close();
  });
  const urls = servers.map((srv) => `amqp://127.0.0.1:${(srv.address() as import('node:net').AddressInfo).port}`);
  const tried: string[] = [];
  await assert.rejects(
    Session.open({ urls, startAt: 2, username: 'guest', password: 'guest', vhost: '/', timeoutMs: 2000, connectionName: 'rmqx test', log: (line) => void tried.push(line.slice(5, line.indexOf(': '))) }),
    (e: unknown) => exitCodeOf(e) === EXIT.unavailable,
  );
  assert.deepEqual(tried, [urls[2], urls[0], urls[1]]);
});

test('closing a session whose connection is already gone (its node killed) returns at once; one the broker never answers, within 5 s', async () => {
  const never = () => new Promise<void>(() => {});
  let destroyed = 0;
  const conn = () =>
    Object.assign(new EventEmitter(), { close: never, connection: { stream: { destroy: () => void destroyed++ } } }) as unknown as ChannelModel & EventEmitter;
  const lost = conn();
  const s1 = new Session(lost, 'amqp://x', undefined, 60_000);
  lost.emit('close', new Error('read ECONNRESET'));
  let t0 = Date.now();
  await s1.close();
  assert.ok(Date.now() - t0 < 2000, `close of a lost connection took ${Date.now() - t0} ms`);
  // a live connection whose close-ok never comes: bounded by 5 s, not by --timeout (60 s here)
  const stuck = conn();
  const s2 = new Session(stuck, 'amqp://y', undefined, 60_000);
  t0 = Date.now();
  await s2.close();
  const took = Date.now() - t0;
  assert.ok(took < 30_000, `close of a stuck connection took ${took} ms, as long as the timeout`);
  assert.equal(destroyed, 2);
});
