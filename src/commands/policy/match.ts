import { matchCommand } from './common.js';

export const policyMatch = matchCommand;
