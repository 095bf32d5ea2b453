import { defineNoun } from '../../cli/define.js';
import { policyClear } from './clear.js';
import { policyConflicts } from './conflicts.js';
import { policyList } from './list.js';
import { policyMatch } from './match.js';
import { policyPatch } from './patch.js';
import { policySet } from './set.js';
import { policyShow } from './show.js';

export const policyNoun = defineNoun({
  name: 'policy',
  alias: 'policies',
  summary: 'arguments for queues and exchanges, chosen by name pattern',
  verbs: [policySet, policyPatch, policyClear, policyList, policyShow, policyMatch, policyConflicts],
});
