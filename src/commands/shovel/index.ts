import { defineNoun } from '../../cli/define.js';
import { shovelDeclare } from './declare.js';
import { shovelDelete } from './delete.js';
import { shovelList } from './list.js';
import { shovelRestart } from './restart.js';
import { shovelShow } from './show.js';

export const shovelNoun = defineNoun({
  name: 'shovel',
  alias: 'shovels',
  summary: 'dynamic shovels: move messages from a queue or exchange to another, on this broker or another',
  verbs: [shovelDeclare, shovelDelete, shovelList, shovelShow, shovelRestart],
});
