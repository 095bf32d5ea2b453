import { clearCommand } from './common.js';
import { POLICY } from './flavour.js';

export const policyClear = clearCommand(POLICY);
