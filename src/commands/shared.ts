/** Small pieces every command family uses. */
import type { Command } from 'commander';
import { NotFoundError, UsageError, describeTarget } from '../errors.js';
import { ApiError } from '../mgmt/errors.js';
import type { Context } from '../cli/context.js';
import type { Outcome } from '../render/output.js';

/** --if-exists on every delete/clear. */
export function ifExistsOption(cmd: Command): Command {
  return cmd.option('--if-exists', 'succeed when the object does not exist');
}

/**
 * Run a delete; a 404 is success (nothing changed) with --if-exists, exit 66 without.
 */
export async function deleting(ctx: Context, outcome: Subject, ifExists: boolean | undefined, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      if (ifExists) {
        await ctx.report({ ...outcome, changed: false, note: `${describe(outcome)} does not exist; nothing to do` });
        return;
      }
      throw new NotFoundError(`${verbOf(outcome.action)} ${describe(outcome)}: it does not exist`, 'add --if-exists to make a missing object a success');
    }
    throw e;
  }
  await ctx.report({ ...outcome, changed: true });
}

/** 'deleted' → 'delete', 'cleared' → 'clear', 'unbound' → 'unbind' */
export function verbOf(action: string): string {
  const irregular: Record<string, string> = { cleared: 'clear', unbound: 'unbind', bound: 'bind' };
  return irregular[action] ?? action.replace(/d$/, '');
}

export type Subject = Pick<Outcome, 'action' | 'kind' | 'name' | 'vhost'>;

export const describe = describeTarget;

/** A positional name must not be empty. */
export function requireName(what: string, name: string | undefined): string {
  if (name === undefined || name === '') throw new UsageError(`${what} name is empty`);
  return name;
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

/** Tags come back as an array (3.10+) or a comma-separated string (older brokers). */
export function tagList(tags: unknown): string[] {
  if (Array.isArray(tags)) return tags.map(String).filter(Boolean);
  if (typeof tags === 'string') return tags.split(',').map((s) => s.trim()).filter(Boolean);
  return [];
}

export function sameSet(a: string[], b: string[]): boolean {
  const sa = new Set(a);
  return sa.size === new Set(b).size && b.every((x) => sa.has(x));
}
