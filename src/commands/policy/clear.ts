import { arg, defineCommand } from '../../cli/define.js';
import { policyKind } from '../../kinds/policy.js';
import { removeObject } from '../../plan/execute.js';
import { IF_EXISTS } from '../options.js';
import { requireName } from '../shared.js';

export const policyClear = defineCommand({
  name: 'clear',
  summary: 'remove a policy from the vhost (-V)',
  args: { name: arg.required('name') },
  options: { ...IF_EXISTS },
  async run(ctx, { name }, { ifExists }) {
    await removeObject(ctx, policyKind, { vhost: ctx.vhost, name: requireName('policy', name), pattern: '', applyTo: 'all', priority: 0, definition: {} }, { ifExists });
  },
});
