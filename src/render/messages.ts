/**
 * How messages look: NDJSON envelopes with --json, raw bytes with --body, one human block per
 * message on a terminal, tab-separated fields through a pipe. Each format turns a batch of
 * messages into one chunk, so a stream of 100,000 messages is a few hundred writes.
 */
import type { ChalkInstance } from 'chalk';
import { toEnvelope, type Delivered } from '../amqp/envelope.js';
import { isUtf8 } from 'node:buffer';

export type MessageFormat = 'json' | 'body' | 'block' | 'tsv';

export function formatMessages(batch: Delivered[], format: MessageFormat, c: ChalkInstance, startIndex = 1): string | Buffer {
  switch (format) {
    case 'json': {
      let s = '';
      for (const m of batch) s += JSON.stringify(toEnvelope(m)) + '\n';
      return s;
    }
    case 'body':
      return batch.length === 1 ? (batch[0] as Delivered).content : Buffer.concat(batch.map((m) => m.content));
    case 'tsv': {
      let s = '';
      for (const m of batch) s += `${esc(m.exchange)}\t${esc(m.routingKey)}\t${m.redelivered}\t${payloadText(m.content)}\n`;
      return s;
    }
    case 'block':
      return batch.map((m, i) => block(m, startIndex + i, c)).join('');
  }
}

/** The payload as text: UTF-8 with tabs/newlines escaped, or base64: marked. */
export function payloadText(content: Buffer): string {
  return isUtf8(content) ? esc(content.toString('utf8')) : `base64:${content.toString('base64')}`;
}

function esc(s: string): string {
  return /[\t\n\r\\]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
}

/** A short description of the properties that are set: content_type=… delivery_mode=2 headers={…} */
export function propertiesSummary(m: Delivered): string {
  const e = toEnvelope(m).properties as Record<string, unknown>;
  return Object.entries(e)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}

export function preview(content: Buffer, max = 60): string {
  if (!isUtf8(content)) return `<${content.length} bytes, binary>`;
  const s = content.toString('utf8').replace(/\s+/g, ' ');
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function block(m: Delivered, index: number, c: ChalkInstance): string {
  const head = `${c.bold(`#${index}`)} ${c.cyan('exchange')}=${m.exchange === '' ? "''" : m.exchange} ${c.cyan('routing_key')}=${m.routingKey}${m.redelivered ? ` ${c.yellow('redelivered')}` : ''}`;
  const props = propertiesSummary(m);
  const body = isUtf8(m.content) ? m.content.toString('utf8') : c.dim(`<${m.content.length} bytes, binary; --json shows them as base64>`);
  return `${head}\n${props ? `  ${c.dim(props)}\n` : ''}  ${body.replace(/\n/g, '\n  ')}\n`;
}
