#!/usr/bin/env node
// Peer for `rmqx publish --lines --persistent`: the raw amqplib loop, the floor for a Node.js
// client. One message per stdin line (split on \n, bytes kept), persistent, to the default
// exchange with the queue name as routing key, on a ConfirmChannel with a window of outstanding
// confirms (pipelined), then waitForConfirms.
//
//   node bench/peers/amqplib-publish.mjs AMQP_URL QUEUE [--window N] [--nodelay] < lines.txt
//
// --nodelay sets TCP_NODELAY (amqplib's socket option noDelay; off by default, as here), to
// compare with clients that set it.
//
// amqplib comes from the repository's node_modules. Prints one line to stderr; exit 1 if any
// message was nacked.
import amqplib from 'amqplib';
import { once } from 'node:events';

const [url, queue, ...rest] = process.argv.slice(2);
if (!url || queue === undefined) {
  process.stderr.write('usage: amqplib-publish.mjs AMQP_URL QUEUE [--window N] [--nodelay] < lines\n');
  process.exit(64);
}
const wi = rest.indexOf('--window');
const windowSize = wi >= 0 ? Number(rest[wi + 1]) : 1000;
const noDelay = rest.includes('--nodelay');

const started = performance.now();
const conn = await amqplib.connect(url, { noDelay });
const ch = await conn.createConfirmChannel();

let outstanding = 0;
let published = 0;
let nacked = 0;
let wake = null;
const onConfirm = (err) => {
  outstanding--;
  if (err) nacked++;
  if (wake) {
    const w = wake;
    wake = null;
    w();
  }
};
const send = async (body) => {
  while (outstanding >= windowSize) await new Promise((r) => (wake = r));
  outstanding++;
  published++;
  if (!ch.publish('', queue, body, { persistent: true }, onConfirm)) await once(ch, 'drain');
};

let rest_ = null;
for await (let chunk of process.stdin) {
  if (rest_) {
    chunk = Buffer.concat([rest_, chunk]);
    rest_ = null;
  }
  let start = 0;
  for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, start)) {
    await send(chunk.subarray(start, nl));
    start = nl + 1;
  }
  if (start < chunk.length) rest_ = chunk.subarray(start);
}
if (rest_ && rest_.length) await send(rest_);

await ch.waitForConfirms();
await ch.close();
await conn.close();
const s = (performance.now() - started) / 1000;
process.stderr.write(`amqplib-publish: ${published} published, ${nacked} nacked, ${Math.round(published / s)} msg/s\n`);
process.exitCode = nacked ? 1 : 0;
