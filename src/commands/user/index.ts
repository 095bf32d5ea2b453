import { defineNoun } from '../../cli/define.js';
import { userAdd } from './add.js';
import { userDelete } from './delete.js';
import { userHashPassword } from './hash-password.js';
import { userLimitNoun } from './limit-index.js';
import { userList } from './list.js';
import { userPasswd } from './passwd.js';
import { userShow } from './show.js';
import { userTags } from './tags.js';

export const userNoun = defineNoun({
  name: 'user',
  alias: 'users',
  summary: 'users of the broker (internal database)',
  verbs: [userAdd, userDelete, userList, userShow, userPasswd, userTags, userHashPassword, userLimitNoun],
});
