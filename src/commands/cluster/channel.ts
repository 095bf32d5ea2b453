import type { Command } from 'commander';
import { noun, run, verb } from '../../cli/command.js';
import type { View } from '../../render/view.js';
import { chosenVhost } from './scope.js';

export const CHANNEL_VIEW: View = [
  { key: 'name' },
  { key: 'user' },
  { key: 'vhost' },
  { key: 'consumer_count', header: 'consumers', align: 'right' },
  { key: 'messages_unacknowledged', header: 'unacked', align: 'right' },
  { key: 'prefetch_count', header: 'prefetch', align: 'right' },
];

export function registerChannel(program: Command): void {
  const channel = noun(program, 'channel', 'AMQP channels', 'channels');
  verb(channel, 'list', 'list channels (all vhosts unless -V/RMQX_VHOST/the profile names one)').action(
    run(async (ctx) => {
      await ctx.out.list(await (await ctx.mgmt()).cluster.channels(chosenVhost(ctx)), CHANNEL_VIEW);
    }),
  );
}
