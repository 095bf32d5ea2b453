import { policyKind } from '../../kinds/policy.js';
import type { Flavour } from './common.js';

export const POLICY: Flavour = { kind: policyKind, noun: 'policy', api: (m) => m.policies, mirroring: true };
