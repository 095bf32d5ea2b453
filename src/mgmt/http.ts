/**
 * The management API transport: axios, basic auth, TLS options, a timeout, fail-over across
 * several URLs, and a log line per request. Answers come back as data or as ApiError /
 * NetworkError facts; nothing here knows about terminals or exit codes.
 */
import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { ApiError, NetworkError, type Target } from './errors.js';

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
  private readonly httpsAgent: https.Agent;
  /** index of the URL that answered last; later requests start there */
  private current = 0;

  constructor(private readonly opts: HttpOptions) {
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });
    this.httpsAgent = new https.Agent({
      keepAlive: true,
      maxSockets: MAX_SOCKETS,
      ca: opts.ca,
      cert: opts.cert,
      key: opts.key,
      rejectUnauthorized: !opts.insecure,
    });
    this.client = axios.create({
      auth: { username: opts.username, password: opts.password },
      timeout: opts.timeoutMs,
      httpAgent: this.httpAgent,
      httpsAgent: this.httpsAgent,
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
      const started = performance.now();
      let res: AxiosResponse;
      try {
        res = await this.client.request({ method, url: base + path, data: body, headers });
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

  /** Close idle keep-alive sockets so the process can end at once. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

function ms(started: number): string {
  return `${Math.round(performance.now() - started)} ms`;
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
