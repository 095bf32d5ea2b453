import { defineNoun } from '../../cli/define.js';
import { topicPermissionClear } from './clear.js';
import { topicPermissionList } from './list.js';
import { topicPermissionSet } from './set.js';

export const topicPermissionNoun = defineNoun({
  name: 'topic-permission',
  alias: 'topic-permissions',
  summary: "users' topic permissions: routing-key patterns per topic exchange",
  verbs: [topicPermissionSet, topicPermissionClear, topicPermissionList],
});
