/** Which message format a command writes, from --json / --body and the terminal. */
import { opt, type OptValues } from '../../cli/define.js';
import type { Context } from '../../cli/context.js';
import { UsageError } from '../../errors.js';
import { formatMessages, type MessageFormat } from '../../render/messages.js';
import type { Delivered } from '../../amqp/envelope.js';
import { conflict } from './conflicts.js';

/** --body, on every command that writes messages (get, consume, tap) */
export const FORMAT_OPTIONS = {
  body: opt.flag('--body', 'write only the payload bytes (for one message into a file)'),
};

export type FormatValues = OptValues<typeof FORMAT_OPTIONS>;

export function messageFormat(ctx: Context, o: FormatValues): MessageFormat {
  // --json after the verb, as commander said it; -o json or --json before the noun
  if (o.body && ctx.globals.json) throw conflict(FORMAT_OPTIONS.body, '--json');
  if (o.body && ctx.out.json) throw new UsageError('--body and --json cannot be used together');
  if (o.body) return 'body';
  if (ctx.out.json) return 'json';
  return ctx.out.mode === 'table' ? 'block' : 'tsv';
}

/** Write a batch and resolve once the stream has taken it (write callback), so acks can follow. */
/** Write the batch to stdout; resolves with the bytes written once stdout took them. */
export function writeBatch(ctx: Context, batch: Delivered[], format: MessageFormat, startIndex: number): Promise<number> {
  const chunk = formatMessages(batch, format, ctx.out.c, startIndex);
  return new Promise((resolve, reject) => {
    ctx.io.stdout.write(chunk, (err) => (err ? reject(err) : resolve(Buffer.byteLength(chunk))));
  });
}
