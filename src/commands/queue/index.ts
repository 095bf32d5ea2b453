import type { Command } from 'commander';
import { noun } from '../../cli/command.js';
import { queueBind, queueUnbind } from './bind.js';
import { queueDeclare } from './declare.js';
import { queueDelete } from './delete.js';
import { queueList } from './list.js';
import { purgeCommand } from './purge.js';
import { queueShow } from './show.js';

/** `queue declare|delete|list|show|purge|bind|unbind`, and the top-level `purge QUEUE`. */
export function registerQueue(program: Command): void {
  const queue = noun(program, 'queue', 'queues: declare, delete, list, show, purge, bind, unbind', 'queues');
  queueDeclare(queue);
  queueDelete(queue);
  queueList(queue);
  queueShow(queue);
  purgeCommand(queue, 'purge <name>');
  queueBind(queue);
  queueUnbind(queue);
  // `rmqx purge QUEUE` = `rmqx queue purge QUEUE` (the root's hook gives it the global options)
  purgeCommand(program, 'purge <queue>');
}
