/** Facts about failed AMQP operations. */
import type { Target } from '../facts.js';

/** An AMQP channel or connection closed by the broker with a reply code (404, 403, 406 …). */
export class AmqpError extends Error {
  constructor(
    readonly replyCode: number,
    readonly replyText: string,
    readonly target?: Target,
  ) {
    super(`${replyCode} ${replyText}`);
    this.name = 'AmqpError';
  }
}

