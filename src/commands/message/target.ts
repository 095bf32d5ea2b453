/** Give AMQP errors the object they are about, so "rmqx: get from queue 'q' in vhost 'v': NOT_FOUND …". */
import { AmqpError, type Target } from '../../errors.js';

export async function withTarget<T>(target: Target, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AmqpError && !e.target) throw new AmqpError(e.replyCode, e.replyText, target);
    throw e;
  }
}
