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
