import type { Command } from 'commander';
import { run, verb } from '../../cli/command.js';
import { DataError, NotFoundError } from '../../errors.js';
import { ApiError } from '../../mgmt/errors.js';
import { describe, requireName } from '../shared.js';

/** `queue purge NAME` and the top-level `purge NAME`: one implementation. */
export function purgeCommand(parent: Command, nameAndArgs: string): Command {
  return verb(parent, nameAndArgs, 'remove every ready message from a queue (asks on a TTY; --yes otherwise)')
    .option('-y, --yes', 'do not ask')
    .addHelpText(
      'after',
      `
The API's purge does not say how many messages it removed: the count reported is the broker's
statistics for the queue read just before purging, which lag up to the statistics interval
(5 s by default), hence "about". Unacknowledged messages stay with their consumers.
Streams cannot be purged (their retention is x-max-age / x-max-length-bytes): exit 65.`,
    )
    .action(
      run(async (ctx, [name], o) => {
        requireName('queue', name);
        const vhost = ctx.vhost;
        const subject = { action: 'purged', kind: 'queue', name, vhost };
        await ctx.confirm(`purge every message in ${describe(subject)}`, o.yes);
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
      }),
    );
}
