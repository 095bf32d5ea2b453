/**
 * Errors carry facts; main() turns them into one line of words and an exit code, here and
 * nowhere else. The codes are sysexits, as RabbitMQ's own tools use them (CLI.md).
 */

export const EXIT = {
  ok: 0,
  negative: 1,
  changed: 2,
  partial: 3,
  usage: 64,
  data: 65,
  notFound: 66,
  unavailable: 69,
  internal: 70,
  temporary: 75,
  permission: 77,
  config: 78,
  /** Ctrl-C, as shells report SIGINT */
  interrupted: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error whose words are already right for the user, with its exit code and an optional hint. */
export class RmqxError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class UsageError extends RmqxError {
  constructor(message: string, hint?: string) {
    super(message, EXIT.usage, hint);
  }
}
export class DataError extends RmqxError {
  constructor(message: string, hint?: string) {
    super(message, EXIT.data, hint);
  }
}
export class NotFoundError extends RmqxError {
  constructor(message: string, hint?: string) {
    super(message, EXIT.notFound, hint);
  }
}
export class ConfigError extends RmqxError {
  constructor(message: string, hint?: string) {
    super(message, EXIT.config, hint);
  }
}
/** The operation ran and its outcome is negative (nacked, unroutable, health check failed). */
export class NegativeOutcome extends RmqxError {
  constructor(message: string, hint?: string) {
    super(message, EXIT.negative, hint);
  }
}
/** A bulk command did some items and failed others. */
/** The user pressed Ctrl-C at a prompt or during a stream. */
export class Interrupted extends Error {
  readonly exitCode = EXIT.interrupted;
  constructor() {
    super('interrupted');
  }
}

export class PartialError extends RmqxError {
  constructor(message: string, hint?: string) {
    super(message, EXIT.partial, hint);
  }
}

import { ApiError, NetworkError, deniedDeprecatedFeature, missingObject, oneLine, type Target } from './mgmt/errors.js';
import { AmqpError } from './amqp/errors.js';

export { ApiError, NetworkError, AmqpError, type Target };

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ECONNABORTED', 'TIMEOUT', 'ESOCKETTIMEDOUT']);

export function exitCodeOf(err: unknown): ExitCode {
  if (err instanceof RmqxError) return err.exitCode;
  if (err instanceof Interrupted) return EXIT.interrupted;
  if (err instanceof ApiError) return missingObject(err) ? EXIT.notFound : statusExit(err.status);
  if (err instanceof NetworkError) return TIMEOUT_CODES.has(err.code) ? EXIT.temporary : EXIT.unavailable;
  if (err instanceof AmqpError) return amqpExit(err.replyCode);
  return EXIT.internal;
}

export function statusExit(status: number): ExitCode {
  if (status === 401 || status === 403) return EXIT.permission;
  if (status === 404) return EXIT.notFound;
  if (status === 408 || status === 429 || status === 503) return EXIT.temporary;
  if (status >= 500) return EXIT.unavailable;
  return EXIT.data;
}

export function amqpExit(code: number): ExitCode {
  switch (code) {
    case 403: // ACCESS_REFUSED
      return EXIT.permission;
    case 404: // NOT_FOUND
      return EXIT.notFound;
    case 405: // RESOURCE_LOCKED
    case 406: // PRECONDITION_FAILED
    case 502: // SYNTAX_ERROR
    case 503: // COMMAND_INVALID
    case 540: // NOT_IMPLEMENTED (basic.get on a stream)
    case 530: // NOT_ALLOWED
      return EXIT.data;
    case 320: // CONNECTION_FORCED
    case 506: // RESOURCE_ERROR
      return EXIT.temporary;
    default:
      return EXIT.unavailable;
  }
}

/** "queue 'orders' in vhost 'shop'" */
export function describeTarget(t: Pick<Target, 'kind' | 'name' | 'vhost'>): string {
  let s = t.kind;
  if (t.name !== undefined) s += ` '${t.name}'`;
  if (t.vhost !== undefined) s += ` in vhost '${t.vhost}'`;
  return s;
}

function what(t: Target | undefined, fallback: string): string {
  return t ? `${t.op} ${describeTarget(t)}` : fallback;
}

/** One line of words and at most one hint. Never includes a secret: URLs are masked upstream. */
export function describeError(err: unknown): { line: string; hint?: string } {
  if (err instanceof RmqxError) return { line: err.message, hint: err.hint };
  if (err instanceof Interrupted) return { line: 'interrupted' };
  if (err instanceof ApiError) {
    const missing = missingObject(err);
    if (missing) return { line: `${what(err.target, `${err.method} ${err.path}`)}: ${missing.kind} '${missing.name}' not found${err.target?.vhost !== undefined ? ` in vhost '${err.target.vhost}'` : ''}` };
    const denied = deniedDeprecatedFeature(err.reason);
    if (denied) return deniedWords(what(err.target, `${err.method} ${err.path}`), denied);
    // one line whatever the broker sent: 3.x escapes HTML and spreads reasons over lines
    const reason = oneLine(err.reason || err.error || `HTTP ${err.status}`);
    const line = `${what(err.target, `${err.method} ${err.path}`)}: ${reason}`;
    let hint: string | undefined;
    if (err.status === 401) hint = 'check the username and password: `rmqx config show` tells where each came from';
    else if (err.status === 403) hint = 'the user needs the right tag (administrator, policymaker, monitoring) or permissions on the vhost';
    else if (err.status === 404 && err.target?.vhost !== undefined && err.target.kind !== 'vhost')
      hint = `does vhost '${err.target.vhost}' exist? \`rmqx vhost list\``;
    return { line, hint };
  }
  if (err instanceof NetworkError) {
    const line = `${what(err.target, 'request')}: ${err.url}: ${networkWords(err)}`;
    const hint = TIMEOUT_CODES.has(err.code)
      ? 'raise --timeout, or check that the broker is not overloaded'
      : isTlsCode(err.code)
        ? "the broker's certificate is not trusted: give its CA with --cacert (or, knowingly, --insecure)"
        : /^amqps?:/.test(err.url)
          ? 'is the broker running and listening for AMQP at that address? `rmqx config show` shows the AMQP URL in use'
          : 'is the broker running and is its management plugin enabled? `rmqx config show` shows the URL in use';
    return { line, hint };
  }
  if (err instanceof AmqpError) {
    const denied = deniedDeprecatedFeature(err.replyText);
    if (denied) return deniedWords(what(err.target, 'AMQP'), denied);
    const hint =
      err.replyCode === 540 && /basic\.get|stream/i.test(err.replyText)
        ? 'a stream queue cannot be read with basic.get: `rmqx consume QUEUE --offset first --count N` reads it without removing anything'
        : undefined;
    return { line: `${what(err.target, 'AMQP')}: ${err.replyText || `reply code ${err.replyCode}`}`, hint };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { line: `internal error: ${message}`, hint: 'this is a bug in rmqx; run with --verbose for the stack trace' };
}

/** The broker refused a deprecated feature: name it, and the setting that permits it. */
function deniedWords(what: string, d: { name: string; setting: string }): { line: string; hint: string } {
  return {
    line: `${what}: the broker refuses the deprecated feature '${d.name}'`,
    hint: `\`${d.setting}\` in the broker's rabbitmq.conf permits it, until a later RabbitMQ removes it`,
  };
}

/** Certificate verification failures (Node/OpenSSL codes). */
function isTlsCode(code: string): boolean {
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|HOSTNAME|ALTNAME/.test(code);
}

function networkWords(err: NetworkError): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host not found (${err.code})`;
    case 'ECONNRESET':
      return 'connection reset by peer';
    default:
      return TIMEOUT_CODES.has(err.code) ? `timed out (${err.detail})` : `${err.code}: ${err.detail}`;
  }
}
