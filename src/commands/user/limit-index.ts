import { defineNoun } from '../../cli/define.js';
import { userLimitClear } from './limit-clear.js';
import { userLimitList } from './limit-list.js';
import { userLimitSet } from './limit-set.js';

export const userLimitNoun = defineNoun({ name: 'limit', alias: 'limits', summary: 'limits of a user (max-connections, max-channels)', verbs: [userLimitSet, userLimitClear, userLimitList] });
