import { clearCommand } from '../policy/common.js';
import { OPERATOR_POLICY } from './flavour.js';

export const operatorPolicyClear = clearCommand(OPERATOR_POLICY);
