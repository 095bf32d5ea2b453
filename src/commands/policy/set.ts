import { defineCommand } from '../../cli/define.js';
import { haParamsFrom, keyed, NAME_ARG, POLICY_KEYS, runSet, SET_OPTIONS, setHelp, setSummary } from './common.js';
import { POLICY } from './flavour.js';

export const policySet = defineCommand({
  name: 'set',
  summary: setSummary(POLICY),
  args: NAME_ARG,
  options: { ...SET_OPTIONS, ...POLICY_KEYS },
  help: setHelp(POLICY),
  run: (ctx, { name }, o) => runSet(ctx, POLICY, name, o, keyed(POLICY_KEYS, o), haParamsFrom(o.haParams)),
});
