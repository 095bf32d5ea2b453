import { conflictsCommand } from './common.js';
import { POLICY } from './flavour.js';

export const policyConflicts = conflictsCommand(POLICY);
