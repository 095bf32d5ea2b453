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

