/** Facts about failed management API calls. No words for users here: src/errors.ts has those. */
import type { Target } from '../facts.js';

// shared with src/amqp through the neutral src/facts.ts
export { NetworkError, type Target } from '../facts.js';


/** A non-2xx answer from the management API: the broker's own words, untouched. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly reason: string,
    readonly method: string,
    readonly path: string,
    readonly target?: Target,
    /** the broker's `reason` as it came, when it was not a string (e.g. ["no_such_exchange","x"]) */
    readonly rawReason?: unknown,
    /** the whole JSON body of the answer (a failed health check's 503 names its alarms there) */
    readonly body?: unknown,
  ) {
    super(`${method} ${path}: ${status} ${error}: ${reason}`);
    this.name = 'ApiError';
  }
}



/** A missing object the broker names in a 400 (4.3: topic permission on ["no_such_exchange","x"]). */
export function missingObject(err: ApiError): { kind: string; name: string } | undefined {
  const r = err.rawReason;
  if (!Array.isArray(r) || r.length !== 2 || typeof r[0] !== 'string' || typeof r[1] !== 'string') return undefined;
  const m = /^no_such_(exchange|queue|vhost|user)$/.exec(r[0]);
  return m ? { kind: m[1] as string, name: r[1] } : undefined;
}

/**
 * A deprecated feature the broker refused to use, from its words: "Feature `queue_master_locator`
 * is deprecated. … set the following parameter in your configuration:
 * "deprecated_features.permit.queue_master_locator = true"" (HTTP 400 reason or AMQP close text).
 */
export function deniedDeprecatedFeature(text: string): { name: string; setting: string } | undefined {
  const m = /Feature `([\w.-]+)` is deprecated/.exec(text);
  if (!m) return undefined;
  const name = m[1] as string;
  const setting = /"?(deprecated_features\.permit\.[\w.-]+\s*=\s*true)"?/.exec(text)?.[1] ?? `deprecated_features.permit.${name} = true`;
  return { name, setting };
}

/**
 * The broker's words on one line: 3.x HTML-escapes its refusal reasons, and both versions put
 * "Validation failed" and blank lines before them and spread them over several lines.
 */
export function oneLine(reason: string): string {
  const text = reason
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/^\s*Validation failed\s*/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text || reason.trim();
}

/**
 * The broker's refusal in one line: 3.x HTML-escapes it, both put "Validation failed" and blank
 * lines before it, and name keys as Erlang terms: `[{<<"ha-mode">>,<<"all">>}] are not
 * recognised policy settings` becomes `ha-mode=all are not recognised policy settings`.
 */
export function refusalWords(reason: string): string {
  return oneLine(reason)
    .replace(/\{<<"([^"]*)">>,(?:<<"([^"]*)">>|([^{}]*?))\}/g, (_m, k: string, s?: string, v?: string) => `${k}=${s ?? v}`)
    .replace(/\[([^[\]]*=[^[\]]*)\]/g, '$1');
}
