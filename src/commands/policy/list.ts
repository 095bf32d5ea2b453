import { listCommand } from './common.js';
import { POLICY } from './flavour.js';

export const policyList = listCommand(POLICY);
