/** Facts about failed management API calls. No words for users here: src/errors.ts has those. */

/** What an API call was about, so an error can name the object and its vhost. */
export interface Target {
  /** verb the user would say: declare, delete, list, read, purge, bind … */
  op: string;
  /** queue, exchange, user, vhost, permission … */
  kind: string;
  name?: string;
  vhost?: string;
}

/** A non-2xx answer from the management API: the broker's own words, untouched. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly reason: string,
    readonly method: string,
    readonly path: string,
    readonly target?: Target,
  ) {
    super(`${method} ${path}: ${status} ${error}: ${reason}`);
    this.name = 'ApiError';
  }
}

/** No HTTP answer at all: refused, DNS, TLS, timeout. `url` is already masked. */
export class NetworkError extends Error {
  constructor(
    readonly code: string,
    readonly url: string,
    readonly detail: string,
    readonly target?: Target,
  ) {
    super(`${url}: ${code} ${detail}`);
    this.name = 'NetworkError';
  }
}

