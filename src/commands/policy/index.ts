import { defineNoun } from '../../cli/define.js';
import { policyClear } from './clear.js';
import { policyList } from './list.js';
import { policySet } from './set.js';
import { policyShow } from './show.js';

export const policyNoun = defineNoun({ name: 'policy', alias: 'policies', summary: 'arguments for queues and exchanges, chosen by name pattern', verbs: [policySet, policyClear, policyList, policyShow] });
