/**
 * A kind of broker object (vhost, user, permission, topic permission, exchange, queue, binding,
 * and next policies, limits, parameters …), described once: how one is identified, read, listed,
 * written and removed; which of its fields can change in place; and what the broker fills in by
 * itself (never a difference). No commander, no output: `src/plan/` plans changes with kinds,
 * and commands execute one plan through `src/plan/execute.ts`.
 *
 * A Spec is the object as the user states it (camelCase, only what they care about: a field
 * left undefined is "whatever is there"). `read` turns what the broker reports into the same
 * shape, with the broker-filled defaults taken out, so `diff(have, want)` compares like with like.
 */
import type { Mgmt } from '../mgmt/client.js';
import type { Arguments } from '../mgmt/types.js';
import type { View } from '../render/view.js';

/** One field that differs: what the broker has, what was asked, and whether a write can change it. */
export interface Difference {
  /** a field name as the user knows it (durable, type, x-message-ttl, tags, password …) */
  field: string;
  have: unknown;
  want: unknown;
  /** false: the broker cannot change it in place (a conflict, exit 65) */
  mutable: boolean;
  /** the values are secrets: words name the field only */
  secret?: boolean;
}

/** Who an object is: enough to read it, remove it and say which one in words. */
export interface Identity {
  /** the kind's name, for words: "queue" */
  kind: string;
  name?: string;
  vhost?: string;
  /** extra identity fields (user, exchange, source, destination, routing key …) */
  [field: string]: unknown;
}

export interface Kind<Spec> {
  /** its name in words and in plans: 'queue', 'topic permission' */
  readonly name: string;
  /** 'vhost': lives in one vhost; 'cluster': one per broker (vhosts, users) */
  readonly scope: 'vhost' | 'cluster';
  /** kinds that must exist before one of these is written (and go after it when deleting) */
  readonly dependsOn: readonly string[];
  identity(s: Spec): Identity;
  /** "queue 'q' in vhost 'v'": the subject of every note and error about it */
  describe(s: Spec): string;
  /** objects it needs that must exist (a user and a vhost for a permission): NotFoundError naming the missing one */
  check?(m: Mgmt, want: Spec): Promise<void>;
  /** the object as it is, in the Spec's shape with broker-filled defaults removed; undefined if absent */
  read(m: Mgmt, want: Spec): Promise<Spec | undefined>;
  /** every object of the kind (in one vhost, or all) */
  list(m: Mgmt, vhost?: string): Promise<Spec[]>;
  /** how `have` differs from `want`, for the fields `want` states */
  diff(have: Spec, want: Spec): Difference[];
  /** create, or bring `have` to `want` (only mutable fields differ then) */
  write(m: Mgmt, want: Spec, have: Spec | undefined): Promise<void>;
  remove(m: Mgmt, s: Spec): Promise<void>;
  /** the columns its list shows by default (API field names) */
  readonly view?: View;
  /** the hint when an immutable field differs */
  readonly conflictHint?: string;
  /** the verbs of its outcomes: created ('declared', 'added', 'set', 'bound') and updated */
  readonly verbs: { create: string; update: string; delete: string };
  /** notes other than the generic "declared queue 'q' …" / "…: already as asked, nothing changed" */
  readonly notes?: { create?(want: Spec): string; unchanged?(want: Spec): string };
  /** the kind's word in --json outcomes, when not its name ('permissions') */
  readonly outcomeKind?: string;
  /** extra fields of the --json outcome (API field names) */
  outcome?(change: { action: string; want?: Spec; have?: Spec }): Record<string, unknown>;
}

/** A field the broker cannot change in place. Undefined `want` means "not asked": no difference. */
export function immutable(field: string, have: unknown, want: unknown): Difference[] {
  return want === undefined || sameValue(have, want) ? [] : [{ field, have, want, mutable: false }];
}

/** A field a write changes in place. Undefined `want` means "not asked": no difference. */
export function mutable(field: string, have: unknown, want: unknown): Difference[] {
  return want === undefined || sameValue(have, want) ? [] : [{ field, have, want, mutable: true }];
}

/** Arguments tables key by key (a key on one side only is a difference). */
export function argumentDiff(have: Arguments, want: Arguments, opts: { mutable: boolean; ignore?: readonly string[] }): Difference[] {
  const keys = [...new Set([...Object.keys(have), ...Object.keys(want)])].filter((k) => !opts.ignore?.includes(k)).sort();
  const out: Difference[] = [];
  for (const k of keys) {
    if (k in have && k in want && sameValue(have[k], want[k])) continue;
    out.push({ field: k, have: have[k], want: want[k], mutable: opts.mutable });
  }
  return out;
}

/** Deep equality for API values (arguments tables, tags). Key order does not matter. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => sameValue(v, bb[i]));
  }
  const ak = Object.keys(a as object);
  const bk = Object.keys(b as object);
  return ak.length === bk.length && ak.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Tags as a set: the same members in any order. */
export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  return sa.size === new Set(b).size && b.every((x) => sa.has(x));
}

/** A value in words: strings as they are, the rest as JSON. */
export function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** "durable=true" / "no x-message-ttl" (a key absent on that side) / "password" (secret). */
export function sideWords(d: Difference, side: 'have' | 'want'): string {
  if (d.secret) return d.field;
  const v = d[side];
  return v === undefined ? `no ${d.field}` : `${d.field}=${show(v)}`;
}

/** "queue 'q' in vhost 'v' exists with durable=true and …, asked for durable=false and …" */
export function differenceWords(subject: string, diffs: readonly Difference[]): string {
  return `${subject} exists with ${diffs.map((d) => sideWords(d, 'have')).join(' and ')}, asked for ${diffs.map((d) => sideWords(d, 'want')).join(' and ')}`;
}
