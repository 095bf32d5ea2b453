/** Every noun and top-level verb, in the order --help lists them. */
import type { Command } from 'commander';
import { registerVhost } from './vhost/index.js';
import { registerUser } from './user/index.js';
import { registerPermission } from './permission/index.js';
import { registerTopicPermission } from './topic-permission/index.js';
import { registerExchange } from './exchange/index.js';
import { registerQueue } from './queue/index.js';
import { registerBinding } from './binding/index.js';
import { registerMessages } from './message/index.js';
import { registerCluster } from './cluster/index.js';
import { registerConfig } from './config/index.js';
import { registerCompletion } from './completion/index.js';

export function registerAll(program: Command): void {
  registerVhost(program);
  registerUser(program);
  registerPermission(program);
  registerTopicPermission(program);
  registerExchange(program);
  registerQueue(program);
  registerBinding(program);
  registerMessages(program);
  registerCluster(program);
  registerConfig(program);
  registerCompletion(program);
}
