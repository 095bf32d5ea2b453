/**
 * The pure parts of `rmqx wait`: comparisons (`>=1`, `<=5`, `0`), durations (`60s`, `500ms`),
 * and the bounded poll loop (never past the timeout, one probe per interval).
 */
import { InvalidArgumentError } from 'commander';

export const OPERATORS = ['=', '<=', '>=', '<', '>'] as const;
export type Operator = (typeof OPERATORS)[number];

export interface Comparison {
  op: Operator;
  value: number;
}

/** "7" and "=7" → {=, 7}; "<=5", ">=1", "<3", ">0"; whole numbers >= 0 only. */
export function parseComparison(text: string): Comparison | undefined {
  const m = /^\s*(<=|>=|==|=|<|>)?\s*(\d+)\s*$/.exec(text);
  if (!m) return undefined;
  const value = Number(m[2]);
  if (!Number.isSafeInteger(value)) return undefined;
  const op = (m[1] === '==' || m[1] === undefined ? '=' : m[1]) as Operator;
  return { op, value };
}

export function comparisonOption(text: string): Comparison {
  const c = parseComparison(text);
  if (!c) throw new InvalidArgumentError(`'${text}' is not a comparison: a whole number, or one of =, <=, >=, <, > and a whole number (e.g. 0, '<=5', '>=1')`);
  return c;
}

export function holds(c: Comparison, actual: number): boolean {
  switch (c.op) {
    case '=':
      return actual === c.value;
    case '<=':
      return actual <= c.value;
    case '>=':
      return actual >= c.value;
    case '<':
      return actual < c.value;
    case '>':
      return actual > c.value;
  }
}

/** "0" for =, ">= 1" otherwise: the words for what is waited for. */
export function comparisonWords(c: Comparison): string {
  return c.op === '=' ? String(c.value) : `${c.op} ${c.value}`;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
export const WAIT_DURATION_WORDS = 'seconds, or a number and one of ms, s, m, h (e.g. 60s, 500ms, 2m)';

/** "60s" → 60000, "500ms" → 500, "2m" → 120000, "30" → 30000 (seconds); anything else → undefined. */
export function parseWaitDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) return undefined;
  const ms = Math.round(Number(m[1]) * (UNIT_MS[m[2] ?? 's'] as number));
  return Number.isSafeInteger(ms) ? ms : undefined;
}

export function waitDurationOption(text: string): number {
  const ms = parseWaitDuration(text);
  if (ms === undefined) throw new InvalidArgumentError(`'${text}' is not a duration: ${WAIT_DURATION_WORDS}`);
  return ms;
}

export function intervalOption(text: string): number {
  const ms = waitDurationOption(text);
  if (ms < 10) throw new InvalidArgumentError(`'${text}' is too short an interval (at least 10ms)`);
  return ms;
}

/** One look at the condition: whether it holds, and the value seen, in words ("messages 7"). */
export interface Probe {
  holds: boolean;
  value: string;
  /** the raw values, for --json */
  data?: Record<string, unknown>;
}

export interface PollOptions {
  timeoutMs: number;
  intervalMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** after each look that did not hold */
  progress?: (last: Probe, elapsedMs: number) => void;
}

export interface PollResult {
  ok: boolean;
  /** the last value seen (undefined when the timeout came before the first answer) */
  last?: Probe;
  elapsedMs: number;
  looks: number;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const NO_ANSWER = Symbol('no answer');

/**
 * Look until the condition holds or the time is up. A look still unanswered at the deadline is
 * abandoned (the caller closes its connections), so the wait never runs past `timeoutMs`.
 * A probe that throws ends the wait with that error (what cannot get better by waiting).
 */
export async function poll(look: () => Promise<Probe>, o: PollOptions): Promise<PollResult> {
  const now = o.now ?? (() => Date.now());
  const sleep = o.sleep ?? realSleep;
  const started = now();
  const deadline = started + o.timeoutMs;
  let last: Probe | undefined;
  let looks = 0;
  for (;;) {
    const remaining = deadline - now();
    let timer: NodeJS.Timeout | undefined;
    const answer = await Promise.race([
      look(),
      new Promise<typeof NO_ANSWER>((r) => {
        timer = setTimeout(() => r(NO_ANSWER), Math.max(0, remaining));
      }),
    ]).finally(() => clearTimeout(timer));
    if (answer === NO_ANSWER) return { ok: false, last, elapsedMs: now() - started, looks };
    looks++;
    last = answer;
    if (answer.holds) return { ok: true, last, elapsedMs: now() - started, looks };
    const left = deadline - now();
    if (left <= 0) return { ok: false, last, elapsedMs: now() - started, looks };
    o.progress?.(answer, now() - started);
    await sleep(Math.min(o.intervalMs, left));
    if (deadline - now() <= 0) return { ok: false, last, elapsedMs: now() - started, looks };
  }
}

/** 30000 → "30 s", 1500 → "1.5 s". */
export function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
