/** Give AMQP errors the object they are about, so "rmqx: get from queue 'q' in vhost 'v': NOT_FOUND …". */
import { AmqpError, type Target } from '../../errors.js';

function retarget(e: unknown, target: Target): unknown {
  return e instanceof AmqpError && !e.target ? new AmqpError(e.replyCode, e.replyText, target) : e;
}

export async function withTarget<T>(target: Target, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw retarget(e, target);
  }
}

/** The same for each step of an async iteration. */
export async function* withTargetIter<T>(target: Target, it: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* it;
  } catch (e) {
    throw retarget(e, target);
  }
}
