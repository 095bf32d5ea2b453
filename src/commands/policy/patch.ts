import { defineCommand } from '../../cli/define.js';
import { haParamsFrom, keyed, NAME_ARG, PATCH_OPTIONS, patchHelp, patchSummary, POLICY_KEYS, runPatch } from './common.js';
import { POLICY } from './flavour.js';

export const policyPatch = defineCommand({
  name: 'patch',
  summary: patchSummary(POLICY),
  args: NAME_ARG,
  options: { ...PATCH_OPTIONS, ...POLICY_KEYS },
  help: patchHelp(POLICY),
  run: (ctx, { name }, o) => runPatch(ctx, POLICY, name, o, keyed(POLICY_KEYS, o), haParamsFrom(o.haParams)),
});
