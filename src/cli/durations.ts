/**
 * The broker's own duration notation, as streams use it: a whole number above 0 and one unit,
 * Y (years), M (months), D (days), h (hours), m (minutes) or s (seconds): `7D`, `12h`, `30m`.
 * It is x-max-age on a stream, and an interval back from now as x-stream-offset. Case matters
 * (`7d` and `1.5h` are refused by RabbitMQ 3.10 and 4.3 alike), so it is checked here, before
 * anything is sent, and passed on as written: the broker computes it on its own clock.
 */
import { InvalidArgumentError } from 'commander';

export const DURATION_UNITS = ['Y', 'M', 'D', 'h', 'm', 's'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

export interface Duration {
  amount: number;
  unit: DurationUnit;
}

export const DURATION_WORDS = 'a whole number and one of the units Y, M, D, h, m, s (e.g. 7D, 12h, 30m)';

/** "7D" → {amount: 7, unit: 'D'}; anything else (0D, 7d, 1.5h, " 7D", 7) → undefined. */
export function parseDuration(text: unknown): Duration | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^(\d+)([YMDhms])$/.exec(text);
  if (!m) return undefined;
  const amount = Number(m[1]);
  if (!Number.isSafeInteger(amount) || amount < 1) return undefined;
  return { amount, unit: m[2] as DurationUnit };
}

/** commander parser for a duration flag: the value as given, once it is known to be one. */
export function durationOption(value: string): string {
  if (!parseDuration(value)) throw new InvalidArgumentError(`'${value}' is not a duration: ${DURATION_WORDS}`);
  return value;
}

/**
 * Milliseconds, for the keys the broker keeps in ms (message-ttl, expires): a plain whole number
 * is milliseconds as before; a number with one unit is converted here: ms, s, m, h, d (D is
 * accepted for days, as the broker's own notation writes it): `60s` → 60000, `1.5h` → 5400000.
 * Months and years are refused: they have no fixed length.
 */
const MS_PER: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, D: 86_400_000 };
export const MS_DURATION_WORDS = 'milliseconds, or a number and one of the units ms, s, m, h, d (e.g. 60s, 30m, 1h, 7d)';

/** "60s" → 60000, "250" → 250; anything else (-1, 1x, 1M, 0.5ms) → undefined. */
export function parseMilliseconds(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|D)?$/.exec(text.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * (MS_PER[m[2] ?? 'ms'] as number);
  // 1.5h is fine, 0.5ms is no whole number of milliseconds
  const whole = Math.round(ms);
  if (!Number.isSafeInteger(whole) || Math.abs(whole - ms) > 1e-6 * Math.max(1, ms)) return undefined;
  return whole;
}

/** commander parser: milliseconds (a number, or with a unit), >= 0. */
export function millisecondsOption(value: string): number {
  const ms = parseMilliseconds(value);
  if (ms === undefined) throw new InvalidArgumentError(`'${value}' is not a duration: ${MS_DURATION_WORDS}`);
  return ms;
}

/** commander parser: milliseconds, at least 1 (expires: 0 is refused by the broker). */
export function positiveMillisecondsOption(value: string): number {
  const ms = millisecondsOption(value);
  if (ms === 0) throw new InvalidArgumentError(`'${value}' must be at least 1 ms`);
  return ms;
}

/**
 * Sizes in bytes: a plain whole number is bytes; a number and a unit is converted here, decimal
 * (kB, MB, GB, TB, PB: powers of 1000) or binary (KiB, MiB, GiB, TiB, PiB: powers of 1024);
 * letters are case-insensitive apart from that `i` (10gb = 10GB), and B alone is bytes.
 */
export const SIZE_WORDS = 'bytes, or a number and one of the units B, kB, MB, GB, TB (powers of 1000), KiB, MiB, GiB, TiB (powers of 1024)';
const SIZE_POWER: Record<string, number> = { '': 0, k: 1, m: 2, g: 3, t: 4, p: 5 };

/** "10GB" → 10000000000, "10GiB" → 10737418240, "512" → 512; anything else → undefined. */
export function parseSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(?:([kmgtp])(i)?)?(b)?$/i.exec(text.trim());
  if (!m) return undefined;
  const prefix = (m[2] ?? '').toLowerCase();
  // a prefix needs its B (10G is refused: is it GB or GiB?); a bare number needs none
  if (prefix !== '' && m[4] === undefined) return undefined;
  const base = m[3] !== undefined ? 1024 : 1000;
  const bytes = Number(m[1]) * base ** (SIZE_POWER[prefix] as number);
  const whole = Math.round(bytes);
  if (!Number.isSafeInteger(whole) || Math.abs(whole - bytes) > 1e-6 * Math.max(1, bytes)) return undefined;
  return whole;
}

/** commander parser for a size flag: bytes. */
export function sizeOption(value: string): number {
  const n = parseSize(value);
  if (n === undefined) throw new InvalidArgumentError(`'${value}' is not a size: ${SIZE_WORDS}`);
  return n;
}
