/**
 * The plan engine: desired objects against actual ones → an ordered list of changes. Pure: no
 * I/O, no output, so a one-object `declare`, `apply` and `definitions import --dry-run` all
 * decide the same way, and it is tested on its own (test/unit/plan.test.ts).
 */
import type { Difference, Kind } from '../kinds/kind.js';

export type Action = 'create' | 'update' | 'unchanged' | 'conflict' | 'delete';

export interface Change<Spec = unknown> {
  kind: Kind<Spec>;
  action: Action;
  /** the desired object (absent for a delete) */
  want?: Spec;
  /** the object as it is (absent for a create) */
  have?: Spec;
  /** what differs: for an update the mutable fields, for a conflict every field (the immutable ones first) */
  differences: Difference[];
}

/** One object: absent → create; same → unchanged; only mutable fields differ → update; else conflict. */
export function planOne<Spec>(kind: Kind<Spec>, have: Spec | undefined, want: Spec): Change<Spec> {
  if (have === undefined) return { kind, action: 'create', want, differences: [] };
  const differences = kind.diff(have, want);
  if (differences.length === 0) return { kind, action: 'unchanged', want, have, differences };
  const fixed = differences.filter((d) => !d.mutable);
  if (fixed.length > 0) return { kind, action: 'conflict', want, have, differences: [...fixed, ...differences.filter((d) => d.mutable)] };
  return { kind, action: 'update', want, have, differences };
}

/** A stable key for an object's identity within its kind. */
export function identityKey<Spec>(kind: Kind<Spec>, s: Spec): string {
  const id = kind.identity(s);
  return JSON.stringify(Object.keys(id).sort().map((k) => [k, id[k]]));
}

/**
 * Every object of one kind: each desired one planned against the actual one with its identity;
 * with `prune`, actual ones nobody desires are deleted. Keeps the desired order, deletes last.
 */
export function planSet<Spec>(kind: Kind<Spec>, haves: readonly Spec[], wants: readonly Spec[], opts: { prune?: boolean } = {}): Change<Spec>[] {
  const byKey = new Map(haves.map((h) => [identityKey(kind, h), h]));
  const seen = new Set<string>();
  const out: Change<Spec>[] = [];
  for (const w of wants) {
    const key = identityKey(kind, w);
    if (seen.has(key)) throw new Error(`${kind.describe(w)} is desired twice`);
    seen.add(key);
    out.push(planOne(kind, byKey.get(key), w));
  }
  if (opts.prune) {
    for (const [key, h] of byKey) if (!seen.has(key)) out.push({ kind, action: 'delete', have: h, differences: [] });
  }
  return out;
}

/**
 * Dependency order across kinds: creates and updates of a kind after those of the kinds it
 * depends on, deletes in the reverse order (a queue goes before its vhost). Within a kind the
 * given order is kept. Unknown dependencies are ignored; a cycle is a programming error.
 */
export function order(changes: readonly Change[]): Change[] {
  const depth = depthsOf(changes.map((c) => c.kind));
  const indexed = changes.map((c, i) => ({ c, i, r: depth.get(c.kind.name) ?? 0 }));
  const forward = indexed.filter((x) => x.c.action !== 'delete').sort((a, b) => a.r - b.r || a.i - b.i);
  const backward = indexed.filter((x) => x.c.action === 'delete').sort((a, b) => b.r - a.r || a.i - b.i);
  return [...forward, ...backward].map((x) => x.c);
}

/**
 * How deep each kind sits among the kinds given: 0 when it depends on none of them, else one
 * more than the deepest it depends on. Unknown dependencies are ignored; a cycle is a
 * programming error.
 */
export function depthsOf(kinds: readonly Kind<unknown>[]): Map<string, number> {
  const byName = new Map<string, Kind<unknown>>();
  for (const k of kinds) byName.set(k.name, k);
  const rank = new Map<string, number>();
  const visiting = new Set<string>();
  const depth = (name: string): number => {
    const known = rank.get(name);
    if (known !== undefined) return known;
    if (visiting.has(name)) throw new Error(`kinds depend on each other in a cycle through '${name}'`);
    visiting.add(name);
    const deps = byName.get(name)?.dependsOn.filter((d) => byName.has(d)) ?? [];
    const r = deps.length ? Math.max(...deps.map(depth)) + 1 : 0;
    visiting.delete(name);
    rank.set(name, r);
    return r;
  };
  for (const name of byName.keys()) depth(name);
  return rank;
}

/** Whether executing the plan would change anything on the broker. */
export function pending(changes: readonly Change[]): boolean {
  return changes.some((c) => c.action === 'create' || c.action === 'update' || c.action === 'delete');
}
