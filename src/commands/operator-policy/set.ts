import { defineCommand } from '../../cli/define.js';
import { keyed, NAME_ARG, OPERATOR_KEYS, runSet, SET_OPTIONS, setHelp, setSummary } from '../policy/common.js';
import { OPERATOR_POLICY } from './flavour.js';

export const operatorPolicySet = defineCommand({
  name: 'set',
  summary: setSummary(OPERATOR_POLICY),
  args: NAME_ARG,
  options: { ...SET_OPTIONS, ...OPERATOR_KEYS },
  help: setHelp(OPERATOR_POLICY),
  run: (ctx, { name }, o) => runSet(ctx, OPERATOR_POLICY, name, o, keyed(OPERATOR_KEYS, o)),
});
