import { operatorPolicyKind } from '../../kinds/policy.js';
import type { Flavour } from '../policy/common.js';

/** Operator policies: the broker takes only a few keys (it refuses the others, exit 65 with its reason). */
export const OPERATOR_POLICY: Flavour = { kind: operatorPolicyKind, noun: 'operator-policy', api: (m) => m.operatorPolicies, mirroring: false };
