/**
 * Facts both protocol layers (src/mgmt, src/amqp) and src/errors.ts share, in a module that
 * belongs to neither, so neither imports the other.
 */

/** What an API call was about, so an error can name the object and its vhost. */
export interface Target {
  /** verb the user would say: declare, delete, list, read, purge, bind … */
  op: string;
  /** queue, exchange, user, vhost, permission … */
  kind: string;
  name?: string;
  vhost?: string;
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
