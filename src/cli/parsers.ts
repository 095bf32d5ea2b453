/**
 * Value parsers for options: each checks its value before anything is sent, and throws
 * commander's InvalidArgumentError, which main() turns into exit 64.
 */
import { InvalidArgumentError } from 'commander';

export function nonNegativeInt(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`'${value}' is not a whole number >= 0`);
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError(`'${value}' is too large`);
  return n;
}

export function positiveInt(value: string): number {
  const n = nonNegativeInt(value);
  if (n === 0) throw new InvalidArgumentError(`'${value}' must be at least 1`);
  return n;
}

/** An AMQP prefetch count: 1 to 65535 (basic.qos carries 16 bits). */
export function prefetchCount(value: string): number {
  const n = positiveInt(value);
  if (n > 65535) throw new InvalidArgumentError(`'${value}' is out of range: a prefetch is 1 to 65535 (AMQP's basic.qos has 16 bits)`);
  return n;
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`'${value}' is not a positive number`);
  return n;
}

export function choice<T extends string>(allowed: readonly T[], open?: (v: string) => boolean) {
  const parse = (value: string): T => {
    if ((allowed as readonly string[]).includes(value) || open?.(value)) return value as T;
    throw new InvalidArgumentError(`'${value}' is not one of ${allowed.join(', ')}`);
  };
  // read by src/cli/tree.ts (completion, man page)
  return Object.assign(parse, { choices: [...allowed] });
}

export function nonEmpty(what: string) {
  return (value: string): string => {
    if (value === '') throw new InvalidArgumentError(`${what} is empty`);
    return value;
  };
}

/** --arguments '{"x-max-length": 10}': a JSON object. */
export function jsonObject(value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (e) {
    throw new InvalidArgumentError(`not valid JSON (${(e as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new InvalidArgumentError('must be a JSON object, like {"x-max-length": 10}');
  return parsed as Record<string, unknown>;
}

/**
 * Typed key=value: `n=3` a number, `ok=true` a boolean, `s=text` a string, `id:=007` always a
 * string, `k={"a":1}` JSON when it parses as an object or array. Shared by --arg and -H.
 */
export function typedPair(text: string): [string, unknown] {
  const forced = text.indexOf(':=');
  const eq = text.indexOf('=');
  if (forced > 0 && forced < eq) return [text.slice(0, forced), text.slice(forced + 2)];
  if (eq <= 0) throw new InvalidArgumentError(`'${text}' is not key=value (key:=value keeps the value a string)`);
  return [text.slice(0, eq), typedValue(text.slice(eq + 1))];
}

export function typedValue(raw: string): unknown {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (raw === 'null') return null;
  if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(raw)) {
    const n = Number(raw);
    // a number JSON cannot carry would be sent as something else than what was typed
    if (!Number.isFinite(n)) throw new InvalidArgumentError(`'${raw}' is a number out of range (to send it as text, write key:=${raw})`);
    if (!Number.isInteger(n) || Number.isSafeInteger(n)) return n;
  }
  if (/^[[{]/.test(raw)) {
    try {
      return JSON.parse(raw);
    } catch (e) {
      // it looks like JSON and is not: a typo would otherwise go out silently as a string
      throw new InvalidArgumentError(`'${raw}' starts like JSON but is not (${(e as Error).message}); to send it as text, write key:=${raw}`);
    }
  }
  return raw;
}

/** Repeatable --arg k=v collecting into an object. */
export function collectPair(text: string, acc: Record<string, unknown> = {}): Record<string, unknown> {
  const [k, v] = typedPair(text);
  return { ...acc, [k]: v };
}

/** --tags a,b,c → ['a','b','c'] (empty string → []). */
export function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A regular expression the broker will get (a name pattern); JavaScript's syntax is close enough to catch typos. */
export function regex(value: string): string {
  nonEmpty('the pattern')(value);
  try {
    new RegExp(value);
  } catch (e) {
    throw new InvalidArgumentError(`not a valid regular expression (${(e as Error).message})`);
  }
  return value;
}

/** A vhost or user limit: a whole number, or -1 for no limit. */
export function limitValue(value: string): number {
  if (value.trim() === '-1') return -1;
  if (/^\s*-/.test(value)) throw new InvalidArgumentError(`'${value}' is negative: a limit is a whole number >= 0, or -1 for no limit`);
  return nonNegativeInt(value);
}

/** Any JSON value (a parameter's VALUE): a string in JSON quotes, '"prod"'. */
export function jsonValue(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch (e) {
    const bare = !/^\s*[{["\d-]/.test(value);
    throw new InvalidArgumentError(`not valid JSON (${(e as Error).message})${bare ? `; a string needs JSON quotes: '${JSON.stringify(value)}'` : ''}`);
  }
}
