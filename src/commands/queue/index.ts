import { defineNoun } from '../../cli/define.js';
import { queueBind } from './bind.js';
import { queueDeclare } from './declare.js';
import { queueDelete } from './delete.js';
import { queueList } from './list.js';
import { queueMove } from './move.js';
import { queueRebalance } from './rebalance.js';
import { queuePurge } from './purge.js';
import { queueShow } from './show.js';
import { queueUnbind } from './unbind.js';

export { rootPurge } from './purge.js';

/** `queue declare|delete|list|show|purge|bind|unbind|move|rebalance`; the family also mounts the top-level `purge QUEUE` (rootPurge). */
export const queueNoun = defineNoun({
  name: 'queue',
  alias: 'queues',
  summary: 'queues',
  verbs: [queueDeclare, queueDelete, queueList, queueShow, queuePurge, queueBind, queueUnbind, queueMove, queueRebalance],
});
