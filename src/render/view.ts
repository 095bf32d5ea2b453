/** A view is the list of columns a command shows by default; --columns replaces it. */

export interface Column {
  /** field name in the API object; dotted paths reach into nested objects (message_stats.publish) */
  key: string;
  /** header on a TTY; defaults to key */
  header?: string;
  /** how to show the value on a TTY and in TSV (JSON always keeps the raw value) */
  format?: (value: unknown, row: Record<string, unknown>) => string;
  /** how a person reads it, on a TTY only (units, '(default)'); TSV and JSON keep the value */
  human?: (value: unknown, row: Record<string, unknown>) => string;
  align?: 'left' | 'right';
  /** not shown by default; kept for its format when --columns names it */
  hidden?: boolean;
}

/**
 * The columns, and the API fields `--columns` may name (src/mgmt/fields.ts): with them, a name
 * that is neither a column, a field nor in any row returned is exit 64 listing the valid ones.
 */
export type View = Column[] & { fields?: readonly string[] };

/** A view that knows its object's fields. */
export function withFields(view: Column[], fields: readonly string[]): View {
  return Object.assign([...view], { fields });
}

/** The --columns names nobody knows: not a column, not a field, in no row (dotted: by the first part). */
export function unknownColumns(view: View, names: readonly string[] | undefined, rows: ReadonlyArray<Record<string, unknown>>): string[] {
  if (!names || !view.fields) return [];
  const fields = new Set(view.fields);
  return names.filter((n) => {
    const top = n.split('.')[0] as string;
    if (view.some((c) => c.key === n) || fields.has(top)) return false;
    return !rows.some((r) => r[top] !== undefined || getPath(r, n) !== undefined);
  });
}

/** Every name --columns may use with this view. */
export function validColumns(view: View): string[] {
  return [...new Set([...view.map((c) => c.key), ...(view.fields ?? [])])];
}

export function getPath(obj: unknown, key: string): unknown {
  if (obj === null || typeof obj !== 'object') return undefined;
  const direct = (obj as Record<string, unknown>)[key];
  if (direct !== undefined || !key.includes('.')) return direct;
  let cur: unknown = obj;
  for (const part of key.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Columns named by --columns a,b,c: known ones keep their format, others show the raw field. */
export function pickColumns(view: View, names: readonly string[] | undefined): View {
  if (!names || names.length === 0) return view.filter((c) => !c.hidden);
  return names.map((n) => view.find((c) => c.key === n) ?? { key: n });
}

/** A cell as text: strings as they are, objects and arrays as compact JSON, nothing as ''. */
export function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(',');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A cell as text; `human` formats only for a person at a terminal (table mode). */
export function formatCell(col: Column, row: Record<string, unknown>, forPerson = false): string {
  const value = getPath(row, col.key);
  if (forPerson && col.human) return col.human(value, row);
  return col.format ? col.format(value, row) : cellText(value);
}

/** Project an object onto the chosen columns, for --json --columns. Dotted keys stay dotted. */
export function project(row: Record<string, unknown>, names: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const n of names) out[n] = getPath(row, n) ?? null;
  return out;
}
