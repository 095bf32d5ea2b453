import { defineCommand } from '../../cli/define.js';
import { keyed, NAME_ARG, OPERATOR_KEYS, PATCH_OPTIONS, patchHelp, patchSummary, runPatch } from '../policy/common.js';
import { OPERATOR_POLICY } from './flavour.js';

export const operatorPolicyPatch = defineCommand({
  name: 'patch',
  summary: patchSummary(OPERATOR_POLICY),
  args: NAME_ARG,
  options: { ...PATCH_OPTIONS, ...OPERATOR_KEYS },
  help: patchHelp(OPERATOR_POLICY),
  run: (ctx, { name }, o) => runPatch(ctx, OPERATOR_POLICY, name, o, keyed(OPERATOR_KEYS, o)),
});
