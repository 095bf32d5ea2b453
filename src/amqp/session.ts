/**
 * An AMQP 0-9-1 session over amqplib: open (trying each URL in order), make channels, and
 * always close channels before the connection (closing the connection with acks still in
 * flight dropped some of them in a test here). amqplib's failures become AmqpError /
 * NetworkError facts; nothing above this layer touches an amqplib object.
 */
import amqplib, { type Channel, type ChannelModel, type ConfirmChannel } from 'amqplib';
import type { X509Certificate as X509 } from 'node:crypto';
import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import { AmqpError } from './errors.js';
import { NetworkError, type Target } from '../facts.js';
import { now } from '../clock.js';

/** At most this long for the broker's close-ok (and each channel's) before the socket is just closed. */
const CLOSE_WAIT_MS = 5000;

export interface AmqpOptions {
  /** amqp:// or amqps:// URLs, tried in order until one connects */
  urls: string[];
  /** the index of the URL to try first (the others follow in order, wrapping round) */
  startAt?: number;
  username: string;
  password: string;
  vhost: string;
  timeoutMs: number;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  insecure?: boolean;
  /** shows in the management UI and `rmqx connection list` */
  connectionName: string;
  /** use user:password from the URL when it has them (the caller decides precedence) */
  urlCredentials?: boolean;
  log?: (line: string) => void;
}

const FAILOVER = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT']);

export class Session {
  private readonly channels = new Set<Channel>();
  /** first error the broker closed the connection or a channel with */
  private failure?: Error;
  private blockedReason?: string;
  private rejectFailed!: (err: Error) => void;
  private readonly failedPromise: Promise<never>;

  private blockedTimer?: NodeJS.Timeout;

  /** the user this session authenticated as */
  user = '';

  /** Public for tests only; use Session.open. */
  constructor(
    private readonly conn: ChannelModel,
    readonly url: string,
    log?: (line: string) => void,
    /** the broker's silence this long (a blocked connection, a confirm, a close) ends the session: exit 75 */
    readonly timeoutMs = 30_000,
  ) {
    const blockedTimeoutMs = timeoutMs;
    this.failedPromise = new Promise<never>((_, reject) => (this.rejectFailed = reject));
    this.failedPromise.catch(() => {}); // observed through failed(); never unhandled
    conn.on('error', (err: Error) => this.fail(this.connectionError(err)));
    conn.on('close', (err?: Error) => {
      this.connClosed = true;
      if (err) this.fail(this.connectionError(err));
      else this.fail(new AmqpError(320, 'the connection was closed'));
    });
    conn.on('blocked', (reason: string) => {
      this.blockedReason = reason;
      log?.(`connection blocked by the broker: ${reason}`);
      clearTimeout(this.blockedTimer);
      this.blockedTimer = setTimeout(
        () => this.fail(new AmqpError(506, `the broker has blocked publishing for ${blockedTimeoutMs / 1000} s: ${reason}`)),
        blockedTimeoutMs,
      );
    });
    conn.on('unblocked', () => {
      this.blockedReason = undefined;
      clearTimeout(this.blockedTimer);
      log?.('connection unblocked');
    });
  }

  static async open(o: AmqpOptions): Promise<Session> {
    let last: Error | undefined;
    const n = o.urls.length;
    for (let i = 0; i < n; i++) {
      const index = (i + (o.startAt ?? 0)) % n;
      const u = new URL(o.urls[index] as string);
      const tls = u.protocol === 'amqps:';
      const fromUrl = Boolean(o.urlCredentials && u.username);
      const username = fromUrl ? decodeURIComponent(u.username) : o.username;
      const password = fromUrl ? decodeURIComponent(u.password) : o.password;
      const shown = `${u.protocol}//${u.host}`;
      const hostname = u.hostname.replace(/^\[|\]$/g, '');
      // ?auth_mechanism=external (the RabbitMQ URI spec): log in by the client certificate
      // (rabbitmq_auth_mechanism_ssl), as the user it names
      const external = /^external$/i.test(u.searchParams.get('auth_mechanism') ?? '');
      const started = now();
      try {
        const connecting = amqplib.connect(
          {
            protocol: tls ? 'amqps' : 'amqp',
            hostname,
            port: u.port ? Number(u.port) : tls ? 5671 : 5672,
            username,
            password,
            vhost: o.vhost,
            // heartbeats notice a silent network path; the broker's default is 60 s
            heartbeat: Math.max(5, Math.min(60, Math.round(o.timeoutMs / 1000))),
            frameMax: 0,
          },
          {
            clientProperties: { connection_name: o.connectionName, product: 'rmqx' },
            // its socket timer ends a silent connection attempt a moment after ours has said why
            timeout: o.timeoutMs,
            noDelay: true,
            ca: o.ca ? [o.ca] : undefined,
            cert: o.cert,
            key: o.key,
            rejectUnauthorized: !o.insecure,
            // SNI carries host names only: an IP address there is a Node DeprecationWarning (RFC 6066)
            servername: tls && !isIP(hostname) ? hostname : undefined,
            ...(external ? { credentials: amqplib.credentials.external() } : {}),
          },
        );
        // A peer that accepts the connection and says nothing (a wrong port, a hung broker) is a
        // timeout, 75, not the reset amqplib reports when its socket timer fires (69)
        const conn = await silenceBounded(connecting, o.timeoutMs, shown);
        const user = external ? (certificateName(o.cert) ?? username) : username;
        o.log?.(`AMQP connected to ${shown} vhost '${o.vhost}' as ${user}${external ? ' (by its certificate)' : ''} in ${Math.round(now() - started)} ms`);
        const session = new Session(conn, shown, o.log, o.timeoutMs);
        session.user = user;
        session.urlIndex = index;
        return session;
      } catch (e) {
        const err = toConnectError(e, shown, o.vhost);
        o.log?.(`AMQP ${shown}: ${err.message}`);
        if (err instanceof NetworkError && FAILOVER.has(err.code) && i < o.urls.length - 1) {
          last = err;
          continue;
        }
        throw err;
      }
    }
    throw last ?? new NetworkError('ENOURL', '', 'no AMQP URL');
  }

  /** which of the AMQP URLs this session is connected through */
  urlIndex = 0;

  get blocked(): string | undefined {
    return this.blockedReason;
  }

  /** The error that ended the session, if any. */
  get error(): Error | undefined {
    return this.failure;
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    this.rejectFailed(err);
  }

  /** One promise that rejects when the broker closes the connection or a channel: race it. */
  failed(): Promise<never> {
    return this.failedPromise;
  }

  async channel(): Promise<Channel> {
    return this.track(await this.within(this.conn.createChannel(), 'channel.open'));
  }

  async confirmChannel(): Promise<ConfirmChannel> {
    return this.track(await this.within(this.conn.createConfirmChannel(), 'channel.open'));
  }

  private track<C extends Channel>(ch: C): C {
    this.channels.add(ch);
    ch.on('error', (err: Error) => this.fail(toAmqpError(err)));
    ch.on('close', () => this.channels.delete(ch));
    return ch;
  }

  /** A broken socket (reset, unexpected close) is the network's doing: 69, not a bug. */
  private connectionError(err: Error): Error {
    const mapped = toAmqpError(err);
    if (mapped instanceof AmqpError) return mapped;
    const code = (err as { code?: unknown }).code;
    return new NetworkError(typeof code === 'string' ? code : 'ECONNRESET', this.url, err.message, { op: 'talk to', kind: 'AMQP broker' });
  }

  /**
   * `p`, or the session's failure, or — when the broker says nothing for the timeout — an
   * ETIMEDOUT (exit 75) naming what was awaited. Nothing rmqx waits on can hang forever.
   */
  async within<T>(p: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // a resource alarm: say which, since waiting longer will not help until it clears
        const why = this.blockedReason !== undefined ? `the broker has blocked publishing (${this.blockedReason}): no ${what} within ${this.timeoutMs / 1000} s` : `no answer from the broker within ${this.timeoutMs / 1000} s (${what})`;
        reject(new NetworkError('ETIMEDOUT', this.url, why));
      }, this.timeoutMs);
    });
    try {
      return await Promise.race([p, this.failedPromise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** the connection is gone (lost, or closed by the broker): nothing left to close */
  private connClosed = false;

  /**
   * Close every channel (waiting for the broker's close-ok, so acks are through), then the
   * connection. A broker that does not answer within CLOSE_WAIT_MS gets its socket closed.
   */
  async close(): Promise<void> {
    clearTimeout(this.blockedTimer);
    // a lost connection (a node killed) has no one to answer a close: amqplib's close would wait
    if (this.connClosed) {
      this.destroySocket();
      return;
    }
    // A blocked connection is one the broker no longer reads from (a resource alarm): a close
    // would wait the whole timeout for a close-ok that cannot come. What rmqx held goes back
    // to the queues when the socket closes, as with any lost connection.
    if (this.blockedReason) {
      this.destroySocket();
      return;
    }
    const closing = (async () => {
      if (!this.failure) {
        for (const ch of [...this.channels]) await ch.close().catch(() => {});
      }
      await this.conn.close().catch(() => {});
    })();
    // a broker that answers closes at once; one whose channel is stuck (a basic.consume it never
    // answered) may not: what rmqx sent was written long before, so the socket closes after a
    // few seconds at most, and the broker requeues what was not acked as for any lost connection
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), Math.min(this.timeoutMs, CLOSE_WAIT_MS))));
    const outcome = await Promise.race([closing, late]);
    clearTimeout(timer);
    if (outcome === 'late') this.destroySocket();
  }

  /**
   * Close the socket under amqplib: with an error, since amqplib listens for the socket's 'error'
   * and 'end', not 'close' (a plain destroy left its heartbeat timers running until they timed out).
   */
  private destroySocket(): void {
    (this.conn as unknown as { connection?: { stream?: { destroy(err?: Error): void } } }).connection?.stream?.destroy(new Error('closed by rmqx'));
  }
}

/** The CN of a client certificate: the user rabbitmq_auth_mechanism_ssl logs in (ssl_cert_login_from = common_name). */
function certificateName(pem: Buffer | undefined): string | undefined {
  if (!pem) return undefined;
  try {
    // node:crypto only here (EXTERNAL authentication): every other AMQP command goes without it
    const { X509Certificate } = createRequire(import.meta.url)('node:crypto') as { X509Certificate: typeof X509 };
    return /^CN=(.*)$/m.exec(new X509Certificate(pem).subject)?.[1];
  } catch {
    return undefined;
  }
}

/** `p`, or a timeout error when it has not settled within `ms` (its late outcome is ignored). */
function silenceBounded<T>(p: Promise<T>, ms: number, shown: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new NetworkError('ETIMEDOUT', shown, `no AMQP answer within ${ms / 1000} s: is it an AMQP port, and is the broker up?`, { op: 'connect to', kind: 'AMQP broker' })),
      Math.max(1, ms - 100),
    );
  });
  p.catch(() => {});
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** The broker refused to open the vhost: it does not exist, or the user may not use it. */
export class VhostRefused extends AmqpError {
  constructor(readonly vhost: string) {
    super(530, 'the broker refused to open the vhost: it does not exist or the user has no permissions in it', { op: 'connect to', kind: 'vhost', name: vhost });
  }
}

/** "… 404 (NOT-FOUND) with message "NOT_FOUND - no queue 'q' in vhost '/'"" → AmqpError(404, …) */
export function toAmqpError(e: unknown, target?: Target): Error {
  if (e instanceof AmqpError) return e;
  const err = e as { code?: unknown; message?: string };
  const m = /(\d{3}) \([A-Z-]+\) with message "(.*)"/s.exec(err.message ?? '');
  if (m) return new AmqpError(Number(m[1]), m[2] as string, target);
  if (typeof err.code === 'number') return new AmqpError(err.code, err.message ?? '', target);
  return e instanceof Error ? e : new Error(String(e));
}

function toConnectError(e: unknown, shown: string, vhost: string): Error {
  if (e instanceof NetworkError) return e;
  const err = e as { code?: unknown; message?: string };
  if (typeof err.code === 'string') {
    const code = err.code === 'ETIMEDOUT' || /timeout/i.test(err.message ?? '') ? 'ETIMEDOUT' : err.code;
    return new NetworkError(code, shown, err.message ?? code, { op: 'connect to', kind: 'AMQP broker' });
  }
  if (/timeout/i.test(err.message ?? '')) return new NetworkError('ETIMEDOUT', shown, err.message ?? '', { op: 'connect to', kind: 'AMQP broker' });
  // amqplib reports a refused vhost (missing, or no permission) only as this
  if (/Expected ConnectionOpenOk/.test(err.message ?? '')) return new VhostRefused(vhost);
  const mapped = toAmqpError(e);
  if (mapped instanceof AmqpError) {
    const target: Target = { op: 'connect to', kind: 'vhost', name: vhost };
    // vhost problems come as 530 NOT_ALLOWED: "vhost x not found" or "access to vhost 'x' refused"
    if (/vhost .* not found/i.test(mapped.replyText)) return new AmqpError(404, mapped.replyText, target);
    if (/access to vhost/i.test(mapped.replyText)) return new AmqpError(403, mapped.replyText, target);
    return new AmqpError(mapped.replyCode, mapped.replyText, { op: 'connect to', kind: 'AMQP broker', name: shown });
  }
  if (/ACCESS.REFUSED|auth/i.test(err.message ?? '')) return new AmqpError(403, err.message ?? 'access refused', { op: 'connect to', kind: 'AMQP broker', name: shown });
  return new NetworkError('ECONNRESET', shown, err.message ?? String(e), { op: 'connect to', kind: 'AMQP broker' });
}
