#!/usr/bin/env node
// Peer for `rmqx consume QUEUE --count N --ack`: the raw amqplib consumer, the floor for a
// Node.js client. Prefetch (default 200, rmqx's default), manual ack of each message, stop after
// COUNT messages; what was prefetched beyond COUNT is left unacked and goes back to the queue
// when the channel closes. Writes nothing by default; --print writes each body and a newline to
// stdout (one write per message).
//
//   node bench/peers/amqplib-consume.mjs AMQP_URL QUEUE COUNT [--prefetch N] [--print]
import amqplib from 'amqplib';

const [url, queue, countArg, ...rest] = process.argv.slice(2);
const count = Number(countArg);
if (!url || queue === undefined || !(count > 0)) {
  process.stderr.write('usage: amqplib-consume.mjs AMQP_URL QUEUE COUNT [--prefetch N] [--print]\n');
  process.exit(64);
}
const pi = rest.indexOf('--prefetch');
const prefetch = pi >= 0 ? Number(rest[pi + 1]) : 200;
const print = rest.includes('--print');

const started = performance.now();
const conn = await amqplib.connect(url);
const ch = await conn.createChannel();
await ch.prefetch(prefetch);

let taken = 0;
let done;
const finished = new Promise((resolve, reject) => {
  done = resolve;
  ch.on('close', () => reject(new Error('channel closed')));
});
const { consumerTag } = await ch.consume(queue, (msg) => {
  if (msg === null) return done('cancelled by the broker');
  if (taken >= count) return; // prefetched beyond COUNT: requeued on close
  if (print) {
    process.stdout.write(msg.content);
    process.stdout.write('\n');
  }
  ch.ack(msg);
  if (++taken === count) done(`--count ${count}`);
}, { noAck: false });
const why = await finished;
await ch.cancel(consumerTag);
await ch.close();
await conn.close();
const s = (performance.now() - started) / 1000;
process.stderr.write(`amqplib-consume: ${taken} acked (${why}), ${Math.round(taken / s)} msg/s\n`);
