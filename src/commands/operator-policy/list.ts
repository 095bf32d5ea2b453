import { listCommand } from '../policy/common.js';
import { OPERATOR_POLICY } from './flavour.js';

export const operatorPolicyList = listCommand(OPERATOR_POLICY);
