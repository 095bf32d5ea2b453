import { defineNoun } from '../../cli/define.js';
import { exchangeBind } from './bind.js';
import { exchangeDeclare } from './declare.js';
import { exchangeDelete } from './delete.js';
import { exchangeList } from './list.js';
import { exchangeShow } from './show.js';
import { exchangeUnbind } from './unbind.js';

/** `exchange declare|delete|list|show|bind|unbind` (bind/unbind: exchange to exchange). */
export const exchangeNoun = defineNoun({
  name: 'exchange',
  alias: 'exchanges',
  summary: 'exchanges',
  verbs: [exchangeDeclare, exchangeDelete, exchangeList, exchangeShow, exchangeBind, exchangeUnbind],
});
