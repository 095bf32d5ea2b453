#!/usr/bin/env node
// Peer for `rmqx get q` and `rmqx publish -k q BODY`: one message with amqplib (the repository's
// node_modules) in a hand-written script, doing what rmqx does and no more.
//
//   node bench/peers/amqplib-one.cjs get AMQP_URL QUEUE           basic.get, print the body, requeue it
//   node bench/peers/amqplib-one.cjs publish AMQP_URL QUEUE BODY  publish to the queue (transient, as rmqx's default), wait for the confirm
'use strict';
const amqplib = require('amqplib');

const [what, url, queue, body] = process.argv.slice(2);
(async () => {
  const conn = await amqplib.connect(url);
  if (what === 'get') {
    const ch = await conn.createChannel();
    const m = await ch.get(queue, { noAck: false });
    if (!m) throw new Error(`queue '${queue}' is empty`);
    process.stdout.write(m.content);
    ch.nack(m, false, true);
  } else {
    const ch = await conn.createConfirmChannel();
    ch.sendToQueue(queue, Buffer.from(body));
    await ch.waitForConfirms();
  }
  await conn.close();
})().catch((e) => {
  process.stderr.write(`${e.message}\n`);
  process.exitCode = 1;
});
