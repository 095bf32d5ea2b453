import { showCommand } from './common.js';
import { POLICY } from './flavour.js';

export const policyShow = showCommand(POLICY);
