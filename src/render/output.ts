/**
 * The one place that decides how data looks: a table on a TTY, tab-separated rows through a
 * pipe, one JSON document with --json. stdout carries data only; notes, warnings and errors
 * go to stderr.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { Writable } from 'node:stream';
import type { ColorLevel, Io } from '../io.js';
import { describeTarget } from '../errors.js';
import { cellText, formatCell, pickColumns, project, unknownColumns, validColumns, type View } from './view.js';
import { UsageError } from '../errors.js';

export type Mode = 'table' | 'tsv' | 'json';

export interface OutputOptions {
  mode: Mode;
  color: ColorLevel;
  /** colour for stderr, which may be a TTY when stdout is not */
  errColor: ColorLevel;
  quiet: boolean;
  verbose: boolean;
  columns?: string[];
}

/** What a command that changes the broker reports. */
export interface Outcome {
  /** declared, added, deleted, set, cleared, bound, unbound, purged, … */
  action: string;
  kind: string;
  name?: string;
  vhost?: string;
  /** false when the object was already as asked (idempotent re-run) */
  changed: boolean;
  /** words for the note instead of the generated ones */
  note?: string;
  [extra: string]: unknown;
}

export class Output {
  readonly c: ChalkInstance;
  readonly ce: ChalkInstance;
  constructor(
    private readonly io: Io,
    readonly opts: OutputOptions,
  ) {
    this.c = new Chalk({ level: opts.color });
    this.ce = new Chalk({ level: opts.errColor });
  }

  get mode(): Mode {
    return this.opts.mode;
  }
  get json(): boolean {
    return this.opts.mode === 'json';
  }

  /** A list of API objects through a view. */
  /**
   * A list of API objects through a view. `asJson` gives the --json document when it is not the
   * array of rows (config show: an object keyed by setting).
   */
  async list(rows: Array<Record<string, unknown>>, view: View, opts: { asJson?: (rows: Array<Record<string, unknown>>) => unknown } = {}): Promise<void> {
    if (opts.asJson && this.opts.mode === 'json') {
      this.checkColumns(view, rows);
      await this.write(JSON.stringify(opts.asJson(rows), null, 2) + '\n');
      return;
    }
    await this.listPages(single(rows), view);
  }

  /**
   * Rows arriving page by page. JSON and TSV are written as pages arrive, so memory stays
   * bounded by one page; a table needs every row for its widths.
   */
  async listPages(pages: AsyncIterable<Array<Record<string, unknown>>>, view: View): Promise<number> {
    const cols = pickColumns(view, this.opts.columns);
    let count = 0;
    let checked = false;
    const check = (rows: Array<Record<string, unknown>>) => {
      if (!checked) this.checkColumns(view, rows);
      checked = true;
    };
    if (this.opts.mode === 'json') {
      const names = this.opts.columns;
      let first = true;
      for await (const rows of pages) {
        check(rows);
        if (rows.length === 0) continue;
        const text = rows.map((r) => JSON.stringify(names ? project(r, names) : r)).join(',\n');
        await this.write((first ? '[\n' : ',\n') + text);
        first = false;
        count += rows.length;
      }
      check([]);
      await this.write(first ? '[]\n' : '\n]\n');
      return count;
    }
    if (this.opts.mode === 'tsv') {
      for await (const rows of pages) {
        check(rows);
        if (rows.length === 0) continue;
        await this.write(rows.map((r) => cols.map((c) => tsvCell(formatCell(c, r))).join('\t')).join('\n') + '\n');
        count += rows.length;
      }
      check([]);
      return count;
    }
    const all: Array<Record<string, unknown>> = [];
    for await (const rows of pages) for (const r of rows) all.push(r);
    this.checkColumns(view, all);
    if (all.length === 0) return 0;
    await this.table(
      cols.map((c) => c.header ?? c.key),
      all.map((r) => cols.map((c) => formatCell(c, r, true))),
      cols.map((c) => c.align),
    );
    return all.length;
  }

  /** --columns names that are neither a column nor a field of the object: 64, listing the valid ones. */
  checkColumns(view: View, rows: ReadonlyArray<Record<string, unknown>>): void {
    const unknown = unknownColumns(view, this.opts.columns, rows);
    if (unknown.length) throw new UsageError(`--columns: unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `'${u}'`).join(', ')}`, `valid columns: ${validColumns(view).join(', ')}`);
  }

  /** One object: a two-column table on a TTY, key<TAB>value lines in a pipe, the object in JSON. */
  async object(obj: Record<string, unknown>, view?: View): Promise<void> {
    const names = this.opts.columns;
    if (view) this.checkColumns(view, [obj]);
    if (this.opts.mode === 'json') {
      await this.write(JSON.stringify(names ? project(obj, names) : obj, null, 2) + '\n');
      return;
    }
    const cols: View = view ? pickColumns(view, names) : (names ?? Object.keys(obj)).map((key) => ({ key }));
    const pairs = cols.map((c) => [c.header ?? c.key, formatCell(c, obj, this.opts.mode === 'table')] as [string, string]);
    if (this.opts.mode === 'tsv') {
      await this.write(pairs.map(([k, v]) => `${k}\t${tsvCell(v)}`).join('\n') + '\n');
      return;
    }
    await this.table(undefined, pairs.map(([k, v]) => [this.c.bold(k), v]));
  }

  /** A change (or no change) on the broker: a note on stderr; with --json, a document on stdout. */
  async outcome(o: Outcome): Promise<void> {
    if (this.opts.mode === 'json') {
      const { note: _note, ...doc } = o;
      await this.write(JSON.stringify(doc) + '\n');
    }
    this.note(o.note ?? outcomeWords(o));
  }

  /**
   * The result of a command that is no list and no object (publish, move, hash-password): the
   * document with --json, else the note on stderr (and `text` on stdout, when it has one).
   */
  async result(doc: Record<string, unknown>, words: { note?: string; text?: string }): Promise<void> {
    if (this.opts.mode === 'json') await this.write(JSON.stringify(doc) + '\n');
    else if (words.text !== undefined) await this.write(words.text);
    if (words.note) this.note(words.note);
  }

  /** Raw bytes or text to stdout (payloads, hashes, scripts). */
  write(chunk: string | Uint8Array): Promise<void> {
    return writeTo(this.io.stdout, chunk);
  }

  note(text: string): void {
    if (!this.opts.quiet) this.io.stderr.write(`${text}\n`);
  }

  warn(text: string): void {
    this.io.stderr.write(`${this.ce.yellow('rmqx: warning:')} ${text}\n`);
  }

  verbose(text: string): void {
    if (this.opts.verbose) this.io.stderr.write(this.ce.dim(`rmqx: ${text}`) + '\n');
  }

  private async table(head: string[] | undefined, rows: string[][], align?: Array<'left' | 'right' | undefined>): Promise<void> {
    const { default: Table } = await import('cli-table3');
    const table = new Table({
      head: head?.map((h) => this.c.bold.cyan(h)) ?? [],
      style: { head: [], border: this.opts.color ? ['grey'] : [], compact: true },
      ...(align ? { colAligns: align.map((a) => a ?? 'left') } : {}),
      wordWrap: false,
    });
    for (const r of rows) table.push(r);
    await this.write(table.toString() + '\n');
  }
}

async function* single<T>(rows: T): AsyncGenerator<T> {
  yield rows;
}

/** Tabs and newlines inside a value would break the row: escape them as \t and \n. */
function tsvCell(text: string): string {
  return /[\t\n\r\\]/.test(text) ? text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : text;
}

export function outcomeWords(o: Outcome): string {
  const what = describeTarget(o);
  return o.changed ? `${o.action} ${what}` : `${what}: already as asked, nothing changed`;
}

/** Write and wait for the stream to take it (backpressure), so output of any size streams. */
export function writeTo(stream: Writable, chunk: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = stream.write(chunk, (err) => {
      if (err) reject(err);
    });
    if (ok) resolve();
    else {
      const onDrain = () => {
        stream.off('error', onError);
        resolve();
      };
      const onError = (err: Error) => {
        stream.off('drain', onDrain);
        reject(err);
      };
      stream.once('drain', onDrain);
      stream.once('error', onError);
    }
  });
}

export { cellText };
