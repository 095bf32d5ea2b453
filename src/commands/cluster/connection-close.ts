import { InvalidArgumentError } from 'commander';
import { arg, defineCommand, opt } from '../../cli/define.js';
import { IF_EXISTS } from '../options.js';
import { deleting, requireName } from '../shared.js';

export const DEFAULT_REASON = 'closed by rmqx';

/** The reason travels in an HTTP header (X-Reason): printable ASCII only. */
export function closeReason(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('the reason is empty');
  if (!/^[\x20-\x7e]*$/.test(value)) throw new InvalidArgumentError('only printable ASCII is allowed (the reason travels in an HTTP header)');
  return value;
}

export const connectionClose = defineCommand({
  name: 'close',
  summary: 'close a client connection; the client is told the reason',
  args: { name: arg.required('name') },
  options: {
    ...IF_EXISTS,
    reason: opt.value('--reason <text>', `reason given to the client (default: "${DEFAULT_REASON}")`, closeReason),
  },
  async run(ctx, { name }, { ifExists, reason }) {
    requireName('connection', name);
    const api = (await ctx.mgmt()).cluster;
    await deleting(ctx, { action: 'closed', kind: 'connection', name }, ifExists, () => api.closeConnection(name, reason ?? DEFAULT_REASON));
  },
});
