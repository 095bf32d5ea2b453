import { arg, defineCommand } from '../../cli/define.js';
import type { Context } from '../../cli/context.js';
import { DataError, NotFoundError } from '../../errors.js';
import { ApiError } from '../../mgmt/errors.js';
import { YES } from '../options.js';
import { describe, requireName } from '../shared.js';

const SUMMARY = 'remove every ready message from a queue (asks on a TTY; --yes otherwise)';

const HELP = `
The API's purge does not say how many messages it removed: the count reported is the broker's
statistics for the queue read just before purging, which lag up to the statistics interval
(5 s by default), hence "about". Unacknowledged messages stay with their consumers.
Streams cannot be purged (their retention is x-max-age / x-max-length-bytes): exit 65.`;

/** `queue purge NAME` and the top-level `purge QUEUE`: one implementation. */
async function purge(ctx: Context, name: string, yes: boolean | undefined): Promise<void> {
  requireName('queue', name);
  const vhost = ctx.vhost;
  const subject = { action: 'purged', kind: 'queue', name, vhost };
  await ctx.confirm(`purge every message in ${describe(subject)}`, yes);
  const api = (await ctx.mgmt()).queues;
  const q = await api.find(vhost, name, ['name', 'type', 'messages_ready', 'messages']);
  if (!q) throw new NotFoundError(`purge ${describe(subject)}: it does not exist`);
  if (q.type === 'stream') throw new DataError(`purge ${describe(subject)}: it is a stream, and streams cannot be purged`, 'a stream keeps messages by its retention (x-max-age, x-max-length-bytes); delete and re-declare it to empty it');
  const count = typeof q.messages_ready === 'number' ? q.messages_ready : typeof q.messages === 'number' ? q.messages : undefined;
  try {
    await api.purge(vhost, name);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) throw new NotFoundError(`purge ${describe(subject)}: it does not exist`);
    throw e;
  }
  const note =
    count === undefined
      ? `purged ${describe(subject)} (the broker has no message count for it yet)`
      : count === 0
        ? `purged ${describe(subject)}: it was empty by the broker's latest statistics (they lag a few seconds)`
        : `purged ${describe(subject)}: it held about ${count} ready message${count === 1 ? '' : 's'} by the broker's latest statistics (they lag a few seconds)`;
  await ctx.report({ ...subject, changed: count !== 0, messages_ready: count ?? null, note });
}

/** `rmqx queue purge NAME` */
export const queuePurge = defineCommand({
  name: 'purge',
  summary: SUMMARY,
  args: { name: arg.required('name') },
  options: YES,
  help: HELP,
  run: (ctx, { name }, { yes }) => purge(ctx, name, yes),
});

/** `rmqx purge QUEUE` = `rmqx queue purge QUEUE`, mounted at the root (src/commands/index.ts) */
export const rootPurge = defineCommand({
  name: 'purge',
  summary: SUMMARY,
  args: { queue: arg.required('queue') },
  options: YES,
  help: HELP,
  run: (ctx, { queue }, { yes }) => purge(ctx, queue, yes),
});
