import { VHOST_LIMITS, vhostLimitKind } from '../../kinds/limit.js';
import type { LimitOwner } from './limit-common.js';

export const VHOST_OWNER: LimitOwner = { word: 'vhost', kind: vhostLimitKind, api: (m) => m.vhostLimits, names: VHOST_LIMITS };
