import { conflictsCommand } from '../policy/common.js';
import { OPERATOR_POLICY } from './flavour.js';

export const operatorPolicyConflicts = conflictsCommand(OPERATOR_POLICY);
