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
