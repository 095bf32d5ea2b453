import { defineNoun } from '../../cli/define.js';
import { matchCommand } from '../policy/common.js';
import { operatorPolicyClear } from './clear.js';
import { operatorPolicyConflicts } from './conflicts.js';
import { operatorPolicyList } from './list.js';
import { operatorPolicyPatch } from './patch.js';
import { operatorPolicySet } from './set.js';
import { operatorPolicyShow } from './show.js';

export const operatorPolicyNoun = defineNoun({
  name: 'operator-policy',
  alias: 'operator-policies',
  summary: "limits an operator imposes on queues, chosen by name pattern (they win over users' policies where stricter)",
  verbs: [operatorPolicySet, operatorPolicyPatch, operatorPolicyClear, operatorPolicyList, operatorPolicyShow, matchCommand, operatorPolicyConflicts],
});
