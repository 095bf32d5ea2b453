/** What the shovel and federation verbs share: URI checks (words never quote a password) and lookups. */
import { InvalidArgumentError } from 'commander';
import { RmqxError, EXIT, UsageError } from '../../errors.js';
import { ApiError } from '../../mgmt/errors.js';
import { maskUri } from '../../kinds/shovel.js';

/**
 * An AMQP 0-9-1 URI given to the broker: amqp:// or amqps://, host optional (amqp:// alone is
 * the broker itself). Checked in the command, not by commander, whose error would quote the
 * value as typed, password included.
 */
export function checkAmqpUri(flag: string, uri: string | undefined): string {
  if (uri === undefined || uri === '') throw new UsageError(`${flag} is required`, `e.g. ${flag} amqp://user:password@host:5672/vhost`);
  const shown = maskUri(uri);
  if (!/^amqps?:\/\//i.test(uri)) throw new UsageError(`${flag} '${shown}': not an amqp:// or amqps:// URI`);
  if (uri.length > 'amqps://'.length) {
    try {
      new URL(uri);
    } catch {
      throw new UsageError(`${flag} '${shown}': not a valid URI`);
    }
  }
  return uri;
}

/** Each --src-uri / --dest-uri as given, in order (the flag may be repeated). */
export function collectUris(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * The URIs of one shovel end: every --src-uri given, each split at the commas that start another
 * URI (scheme://; a comma inside one, as in ?versions=tlsv1.2,tlsv1.3, stays), each
 * checked (a comma before another comma or at the end makes an empty one: 64; a vhost that
 * ends in a comma is %2C). One URI is the string the broker keeps; several are its JSON list.
 */
export function shovelUris(flag: string, given: readonly string[] | undefined): string | string[] {
  if (!given?.length) return checkAmqpUri(flag, undefined);
  const uris = given.flatMap((g) => g.split(/,(?=\s*(?:[a-z][a-z0-9+.-]*:\/\/|,|$))/i)).map((u) => u.trim());
  if (uris.some((u) => u === '')) throw new UsageError(`${flag}: an empty URI in the list`, `${flag} URI1,URI2 or ${flag} URI1 ${flag} URI2`);
  uris.forEach((u) => checkAmqpUri(flag, u));
  if (new Set(uris).size !== uris.length) throw new UsageError(`${flag}: the same URI twice`);
  return uris.length === 1 ? (uris[0] as string) : uris;
}

/**
 * The URI of an AMQP 1.0 end (src-protocol or dest-protocol amqp10): the broker's AMQP 1.0
 * client connects over the network to one host, and takes no path: the vhost is chosen with
 * ?hostname=vhost:NAME (RabbitMQ's AMQP 1.0 rule). Its shovel only ever uses the first URI of
 * an AMQP 1.0 end (3.x through 4.3: no fail-over), so several are refused instead of ignored.
 */
export function checkAmqp10Uri(flag: string, uris: string | string[]): void {
  if (Array.isArray(uris))
    throw new UsageError(`${flag}: an AMQP 1.0 end takes one URI (RabbitMQ's shovel connects to the first only, with no fail-over)`, 'give several URIs to an amqp091 end, or one here');
  const shown = maskUri(uris);
  const u = new URL(uris.length > 'amqps://'.length ? uris : 'amqp://x');
  if (uris.length <= 'amqps://'.length || u.hostname === '')
    throw new UsageError(`${flag} '${shown}': an AMQP 1.0 end needs a host (amqp:// alone is the 0-9-1 direct connection)`, `e.g. ${flag} amqp://user:password@host:5672`);
  if (u.pathname !== '' && u.pathname !== '/')
    throw new UsageError(`${flag} '${shown}': an AMQP 1.0 URI has no vhost path`, `name the vhost with ?hostname=vhost:NAME (without it, the broker's default vhost)`);
}

/** A whole number of seconds or a fraction, >= 0 (reconnect-delay). */
export function seconds(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`'${value}' is not a number of seconds >= 0`);
  return n;
}

/**
 * A status route of a management extension (rabbitmq_shovel_management,
 * rabbitmq_federation_management): a 404 for the whole route means the plugin is off.
 */
export async function pluginRoute<T>(plugin: string, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (e instanceof ApiError && e.status === 404)
      throw new RmqxError(`${what}: the broker has no such API (is the ${plugin} plugin enabled?)`, EXIT.unavailable, `rabbitmq-plugins enable ${plugin} (on the broker)`);
    throw e;
  }
}

