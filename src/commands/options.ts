/** Options many commands share, declared once (src/cli/define.ts). */
import { opt } from '../cli/define.js';

/** every delete and clear: a missing object is a success */
export const IF_EXISTS = { ifExists: opt.flag('--if-exists', 'succeed when the object does not exist') };

/** destructive commands: do not ask (needed when not on a terminal) */
export const YES = { yes: opt.flag('-y, --yes', 'do not ask') };
