/**
 * The management API transport: axios, basic auth, TLS options, a timeout, fail-over across
 * several URLs, and a log line per request. Answers come back as data or as ApiError /
 * NetworkError facts; nothing here knows about terminals or exit codes.
 */
import http from 'node:http';
import { createRequire } from 'node:module';
import type https from 'node:https';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { Readable } from 'node:stream';
import { ApiError, NetworkError, type Target } from './errors.js';
import { JsonArrayError, jsonArrayElements } from './json-stream.js';
import { now } from '../clock.js';

export interface HttpOptions {
  /** base URLs without credentials, tried in order until one answers */
  urls: string[];
  username: string;
  password: string;
  timeoutMs: number;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  insecure?: boolean;
  /** receives "GET /api/overview 200 12 ms" lines */
  log?: (line: string) => void;
  userAgent?: string;
}

/** Requests in flight at once: `apply` runs up to this many steps together (the broker serves each on its own process). */
export const MAX_SOCKETS = 8;

export interface Answer<T> {
  status: number;
  data: T;
}

/** Errors that mean "this URL never took the request", so the next URL may be tried safely. */
const FAILOVER_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

export class Http {
  private readonly client: AxiosInstance;
  private readonly httpAgent: http.Agent;
  /** made on the first https URL: a plain-HTTP run never loads TLS */
  private httpsAgent?: https.Agent;
  /** index of the URL that answered last; later requests start there */
  private current = 0;

  constructor(private readonly opts: HttpOptions) {
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });
    this.client = axios.create({
      auth: { username: opts.username, password: opts.password },
      timeout: opts.timeoutMs,
      httpAgent: this.httpAgent,
      proxy: false,
      maxRedirects: 0,
      validateStatus: () => true,
      // The API's bodies can be large (tens of thousands of queues): no size cap, no transforms
      // beyond JSON.
      maxContentLength: Infinity,
      maxBodyLength: Infinity,
      // 'application/json' alone makes DELETE …/contents answer 406 Not Acceptable.
      // identity: compressing a 10,000-queue listing costs the broker more (~100 ms measured
      // on loopback) than sending it plain saves.
      headers: { 'user-agent': opts.userAgent ?? 'rmqx', accept: 'application/json, */*', 'accept-encoding': 'identity' },
      transitional: { clarifyTimeoutError: true },
    });
  }

  /** The https agent (TLS options, keep-alive) for an https URL, made on first use. */
  private agentFor(base: string): { httpsAgent?: https.Agent } {
    if (!base.startsWith('https:')) return {};
    if (!this.httpsAgent) {
      const { Agent } = requireBuiltin('node:https') as typeof https;
      this.httpsAgent = new Agent({
        keepAlive: true,
        maxSockets: MAX_SOCKETS,
        ca: this.opts.ca,
        cert: this.opts.cert,
        key: this.opts.key,
        rejectUnauthorized: !this.opts.insecure,
      });
    }
    return { httpsAgent: this.httpsAgent };
  }

  /** The URL currently in use, for messages. */
  get baseUrl(): string {
    return this.opts.urls[this.current] as string;
  }

  get<T>(path: string, target?: Target): Promise<T> {
    return this.request<T>('GET', path, undefined, target).then((a) => a.data);
  }

  async request<T>(method: string, path: string, body?: unknown, target?: Target, headers?: Record<string, string>): Promise<Answer<T>> {
    const urls = this.opts.urls;
    let lastError: NetworkError | undefined;
    for (let i = 0; i < urls.length; i++) {
      const index = (this.current + i) % urls.length;
      const base = urls[index] as string;
      const started = now();
      let res: AxiosResponse;
      try {
        res = await this.client.request({ method, url: base + path, data: body, headers, ...this.agentFor(base) });
      } catch (e) {
        const err = toNetworkError(e, base, target);
        this.opts.log?.(`${method} ${base}${path} ${err.code} ${ms(started)}`);
        if (FAILOVER_CODES.has(err.code) && i < urls.length - 1) {
          lastError = err;
          continue;
        }
        throw err;
      }
      this.current = index;
      this.opts.log?.(`${method} ${base}${path} ${res.status} ${ms(started)}`);
      if (res.status >= 200 && res.status < 300) return { status: res.status, data: res.data as T };
      throw apiError(res, method, path, target);
    }
    throw lastError ?? new NetworkError('ENOURL', '', 'no management URL', target);
  }

  /**
   * GET a JSON list and yield its elements in batches as they arrive (src/mgmt/json-stream.ts),
   * so a listing of 50,000 queues never sits in memory whole. The broker builds a big list
   * before it sends a byte (30-50 s for 50,000 queues on RabbitMQ 3.10): a silence of the
   * timeout is not taken for a dead broker while the broker still answers a cheap request
   * (GET /api/whoami) on another connection; then the listing waits on, up to LIST_PATIENCE
   * times the timeout, and `onBusy` hears how long it has waited.
   */
  async *getList<T>(path: string, target?: Target, opts: { onBusy?(waitedMs: number): void } = {}): AsyncGenerator<T[]> {
    const urls = this.opts.urls;
    const silence = this.opts.timeoutMs;
    for (let i = 0; i < urls.length; i++) {
      const index = (this.current + i) % urls.length;
      const base = urls[index] as string;
      const controller = new AbortController();
      const started = now();
      let failure: NetworkError | undefined;
      let timer: NodeJS.Timeout | undefined;
      const giveUp = (detail: string) => {
        failure = new NetworkError('ETIMEDOUT', base, detail, target);
        controller.abort();
      };
      const arm = () => {
        clearTimeout(timer);
        // half the timeout of silence, then a look that takes at most the other half: a broker that
        // is gone is given up on within the timeout, one that is busy is waited for
        timer = setTimeout(() => void onSilence(), silence / 2);
      };
      const onSilence = async () => {
        const waited = now() - started;
        if (waited + silence / 2 > silence * LIST_PATIENCE) {
          giveUp(`the broker was still building the list after ${Math.round(waited / 1000)} s (a listing waits up to ${LIST_PATIENCE} times --timeout while the broker answers; raise --timeout)`);
          return;
        }
        if (!(await this.alive(base))) {
          giveUp('no answer within the timeout');
          return;
        }
        if (failure || controller.signal.aborted) return;
        opts.onBusy?.(waited);
        arm();
      };
      let res: AxiosResponse;
      arm();
      try {
        res = await this.client.request({ method: 'GET', url: base + path, responseType: 'stream', timeout: 0, signal: controller.signal, ...this.agentFor(base) });
      } catch (e) {
        clearTimeout(timer);
        if (failure) throw failure;
        const err = toNetworkError(e, base, target);
        this.opts.log?.(`GET ${base}${path} ${err.code} ${ms(started)}`);
        if (FAILOVER_CODES.has(err.code) && i < urls.length - 1) continue;
        throw err;
      }
      this.current = index;
      const body = res.data as Readable;
      try {
        if (res.status < 200 || res.status >= 300) {
          const text = (await readText(body)).trim();
          let data: unknown = text;
          try {
            data = JSON.parse(text);
          } catch {
            /* an HTML or plain-text error page */
          }
          this.opts.log?.(`GET ${base}${path} ${res.status} ${ms(started)}`);
          throw apiError({ ...res, data }, 'GET', path, target);
        }
        arm();
        const chunks = async function* () {
          for await (const c of body) {
            arm();
            yield c as Buffer;
          }
        };
        let count = 0;
        for await (const batch of jsonArrayElements<T>(chunks())) {
          count += batch.length;
          yield batch;
        }
        this.opts.log?.(`GET ${base}${path} ${res.status} ${ms(started)} (${count} items)`);
        return;
      } catch (e) {
        if (failure) throw failure;
        if (e instanceof JsonArrayError) throw new NetworkError('EPROTO', base, e.message, target);
        if ((e as { code?: string }).code === 'ERR_CANCELED' || (e as { name?: string }).name === 'AbortError') throw new NetworkError('ECONNRESET', base, 'the answer stopped part-way', target);
        throw e;
      } finally {
        clearTimeout(timer);
        body.destroy();
      }
    }
    throw new NetworkError('ENOURL', '', 'no management URL', target);
  }

  /** Whether the broker at `base` answers a cheap request within half the timeout. */
  private async alive(base: string): Promise<boolean> {
    try {
      const res = await this.client.request({ method: 'GET', url: `${base}/api/whoami`, timeout: Math.max(1, Math.floor(this.opts.timeoutMs / 2)), ...this.agentFor(base) });
      return res.status < 500;
    } catch {
      return false;
    }
  }

  /** Close idle keep-alive sockets so the process can end at once. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent?.destroy();
  }
}

const requireBuiltin = createRequire(import.meta.url);

/** How many times --timeout a listing waits for a broker that is busy building it (and answers meanwhile). */
export const LIST_PATIENCE = 20;

async function readText(stream: Readable): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(parts).toString('utf8');
}

function ms(started: number): string {
  return `${Math.round(now() - started)} ms`;
}

function apiError(res: AxiosResponse, method: string, path: string, target?: Target): ApiError {
  const data = res.data as { error?: unknown; reason?: unknown } | string | undefined;
  let error = '';
  let reason = '';
  let raw: unknown;
  if (data && typeof data === 'object') {
    raw = typeof data.reason === 'string' ? undefined : data.reason;
    error = typeof data.error === 'string' ? data.error : '';
    reason = typeof data.reason === 'string' ? data.reason : data.reason !== undefined ? JSON.stringify(data.reason) : '';
  } else if (typeof data === 'string' && data.length < 300) {
    reason = data.trim();
  }
  if (!reason) reason = res.statusText || `HTTP ${res.status}`;
  return new ApiError(res.status, error, reason, method, path, target, raw, data && typeof data === 'object' ? data : undefined);
}

function toNetworkError(e: unknown, base: string, target?: Target): NetworkError {
  const err = e as { code?: string; message?: string; cause?: { code?: string } };
  let code = err.cause?.code ?? err.code ?? 'ERROR';
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(err.message ?? '')) code = 'ETIMEDOUT';
  const detail = code === 'ETIMEDOUT' ? 'no answer within the timeout' : (err.message ?? String(e));
  return new NetworkError(code, base, detail, target);
}
