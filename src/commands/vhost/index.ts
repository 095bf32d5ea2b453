import { defineNoun } from '../../cli/define.js';
import { vhostAdd } from './add.js';
import { vhostDelete } from './delete.js';
import { vhostLimitNoun } from './limit-index.js';
import { vhostList } from './list.js';
import { vhostShow } from './show.js';

export const vhostNoun = defineNoun({ name: 'vhost', alias: 'vhosts', summary: 'virtual hosts', verbs: [vhostAdd, vhostDelete, vhostList, vhostShow, vhostLimitNoun] });
