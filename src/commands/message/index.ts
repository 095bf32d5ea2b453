/**
 * The message verbs, top-level: publish, get, consume, tap, rpc (each a defineCommand). The
 * family in src/commands/index.ts mounts them; `queue move` (./move.ts) is mounted with the
 * queue noun.
 */
import { consume } from './consume.js';
import { get } from './get.js';
import { publish } from './publish.js';
import { rpc } from './rpc.js';
import { tap } from './tap.js';

export const messageVerbs = [publish, get, consume, tap, rpc] as const;
