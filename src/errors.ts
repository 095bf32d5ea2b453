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
  /** SIGTERM (timeout, systemd, Kubernetes), as shells report it */
  terminated: 143,
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
    const hint = tlsHint(err) ?? (TIMEOUT_CODES.has(err.code)
      ? 'raise --timeout, or check that the broker is not overloaded'
      : /^amqps?:/.test(err.url)
        ? 'is the broker running and listening for AMQP at that address? `rmqx config show` shows the AMQP URL in use'
        : 'is the broker running and is its management plugin enabled? `rmqx config show` shows the URL in use');
    return { line, hint };
  }
  if (err instanceof AmqpError) {
    const denied = deniedDeprecatedFeature(err.replyText);
    if (denied) return deniedWords(what(err.target, 'AMQP'), denied);
    const hint =
      err.replyCode === 540 && /basic\.get|stream/i.test(err.replyText)
        ? 'a stream queue cannot be read with basic.get: `rmqx consume QUEUE --offset first --count N` reads it without removing anything'
        : err.replyCode === 403 && /mechanism EXTERNAL/.test(err.replyText)
          ? 'auth_mechanism=external logs in by the client certificate: give it with --cert and --key; the broker needs rabbitmq_auth_mechanism_ssl and a user named by its CN'
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

/** The peer answered a TLS hello with something that is not TLS: a plain port (OpenSSL's reasons). */
function plainPeer(err: NetworkError): boolean {
  return err.code === 'ERR_SSL_WRONG_VERSION_NUMBER' || err.code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' || (/^(EPROTO|ERR_SSL_)/.test(err.code) && /wrong version number|packet length too long|http request/i.test(err.detail));
}

/** The TLS alert the broker sent ("tlsv1 alert unknown ca" → 'unknown ca'), if it sent one. */
function tlsAlert(err: NetworkError): string | undefined {
  const said = /(?:tlsv1\d*|sslv3) alert ([a-z ]+)/.exec(err.detail)?.[1]?.trim();
  if (said) return said;
  return /_ALERT_/.test(err.code) ? err.code.replace(/^ERR_SSL_[A-Z0-9]+_ALERT_/, '').toLowerCase().replace(/_/g, ' ') : undefined;
}

/** The port a masked URL names, or its scheme's default. */
function portOf(url: string): string {
  try {
    const u = new URL(url);
    return u.port || ({ 'amqps:': '5671', 'amqp:': '5672', 'https:': '443', 'http:': '80' } as Record<string, string>)[u.protocol] || '?';
  } catch {
    return '?';
  }
}

/** The hint for a failed TLS handshake or certificate check; undefined when the failure is not TLS's. */
function tlsHint(err: NetworkError): string | undefined {
  const amqp = /^amqps?:/.test(err.url);
  if (plainPeer(err))
    return amqp
      ? "amqps:// needs the broker's AMQP TLS listener (listeners.ssl, usually port 5671); for its plain AMQP port (usually 5672) use amqp://"
      : "https:// needs the management plugin's TLS listener (management.ssl.port, usually 15671); for its plain port (usually 15672) use http://";
  const alert = tlsAlert(err);
  if (alert !== undefined)
    return /certificate required/.test(alert)
      ? 'the broker requires a client certificate: give one with --cert and --key'
      : /unknown ca|bad certificate|unsupported certificate|certificate (expired|revoked|unknown)|access denied/.test(alert)
        ? "the broker did not accept rmqx's client certificate (--cert): it must be valid and signed by a CA the broker trusts"
        : 'the broker ended the TLS handshake: check its TLS settings (versions, ciphers) and its log';
  if (err.code === 'ERR_TLS_CERT_ALTNAME_INVALID' || /HOSTNAME|ALTNAME/.test(err.code))
    return "the broker's certificate is not for the host name in the URL: connect by a name it lists, or give the broker a certificate for this one";
  if (isTlsCode(err.code)) return "the broker's certificate is not trusted: give its CA with --cacert (or, knowingly, --insecure)";
  // the other way round: a plain client at a TLS port, which answers with a TLS alert or hangs up
  if (/^http:/.test(err.url) && /^HPE_/.test(err.code)) return `the answer is not HTTP: if port ${portOf(err.url)} is the management plugin's TLS port, use https://`;
  // (a TLS listener closes or resets the connection at a plain AMQP header, before any AMQP frame)
  if (/^amqp:/.test(err.url) && err.code === 'ECONNRESET' && err.target?.op === 'connect to')
    return `the broker hung up before the AMQP handshake: if port ${portOf(err.url)} is its TLS listener, use amqps://`;
  return undefined;
}

function networkWords(err: NetworkError): string {
  if (plainPeer(err)) return `TLS handshake failed: is port ${portOf(err.url)} a TLS port?`;
  const alert = tlsAlert(err);
  if (alert !== undefined) return `TLS handshake failed: the broker sent the alert '${alert}'`;
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host not found (${err.code})`;
    case 'ECONNRESET':
      return 'connection reset by peer';
    default:
      return TIMEOUT_CODES.has(err.code) ? `timed out (${err.detail})` : `${err.code}: ${opensslReason(err.detail)}`;
  }
}

/** OpenSSL's "80EC…:error:0A000418:SSL routines:ssl3_read_bytes:REASON:file.c:1601:…" → REASON; other text kept, on one line. */
function opensslReason(detail: string): string {
  return /error:[0-9A-F]+:SSL routines:[^:]*:([^:\n]+)/.exec(detail)?.[1] ?? detail.trim().replace(/\s*\n\s*/g, ' ');
}

/** A connection (or its channel) lost, rather than a refusal: worth going on through another node. */
export function connectionLost(e: unknown): boolean {
  if (e instanceof NetworkError) return true;
  return e instanceof AmqpError && (e.replyCode === 320 || e.replyCode >= 500);
}
