/** Read-only views of the cluster (overview, nodes, connections, channels, consumers) and connection close. */
import type { Command } from 'commander';
import { registerOverview } from './overview.js';
import { registerNode } from './node.js';
import { registerConnection } from './connection.js';
import { registerChannel } from './channel.js';
import { registerConsumer } from './consumer.js';

export function registerCluster(program: Command): void {
  registerOverview(program);
  registerNode(program);
  registerConnection(program);
  registerChannel(program);
  registerConsumer(program);
}
