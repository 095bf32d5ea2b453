import type { Command } from 'commander';
import { noun, run, verb } from '../../cli/command.js';
import type { View } from '../../render/view.js';
import { chosenVhost } from './scope.js';

export const CONSUMER_VIEW: View = [
  { key: 'queue.name', header: 'queue' },
  { key: 'queue.vhost', header: 'vhost' },
  { key: 'consumer_tag', header: 'consumer tag' },
  { key: 'channel_details.connection_name', header: 'connection' },
  { key: 'ack_required', header: 'ack required' },
  { key: 'prefetch_count', header: 'prefetch', align: 'right' },
  { key: 'active' },
];

export function registerConsumer(program: Command): void {
  const consumer = noun(program, 'consumer', 'queue consumers', 'consumers');
  verb(consumer, 'list', 'list consumers (all vhosts unless -V/RMQX_VHOST/the profile names one)').action(
    run(async (ctx) => {
      await ctx.out.list(await (await ctx.mgmt()).cluster.consumers(chosenVhost(ctx)), CONSUMER_VIEW);
    }),
  );
}
