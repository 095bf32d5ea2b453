import { defineNoun } from '../../cli/define.js';
import { permissionClear } from './clear.js';
import { permissionList } from './list.js';
import { permissionSet } from './set.js';

export const permissionNoun = defineNoun({
  name: 'permission',
  alias: 'permissions',
  summary: "users' permissions in virtual hosts (configure, write, read)",
  verbs: [permissionSet, permissionClear, permissionList],
});
