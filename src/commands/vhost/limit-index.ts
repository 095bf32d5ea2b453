import { defineNoun } from '../../cli/define.js';
import { vhostLimitClear } from './limit-clear.js';
import { vhostLimitList } from './limit-list.js';
import { vhostLimitSet } from './limit-set.js';

export const vhostLimitNoun = defineNoun({ name: 'limit', alias: 'limits', summary: 'limits of a vhost (max-connections, max-queues)', verbs: [vhostLimitSet, vhostLimitClear, vhostLimitList] });
