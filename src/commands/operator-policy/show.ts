import { showCommand } from '../policy/common.js';
import { OPERATOR_POLICY } from './flavour.js';

export const operatorPolicyShow = showCommand(OPERATOR_POLICY);
