import { arg, defineCommand } from '../../cli/define.js';
import { POLICY_VIEW } from '../../kinds/policy.js';
import { withFields } from '../../render/view.js';
import { requireName } from '../shared.js';

export const policyShow = defineCommand({
  name: 'show',
  summary: 'show one policy of the vhost (-V)',
  args: { name: arg.required('name') },
  async run(ctx, { name }) {
    const p = await (await ctx.mgmt()).policies.get(ctx.vhost, requireName('policy', name));
    await ctx.out.object(p, withFields([{ key: 'vhost' }, ...POLICY_VIEW], POLICY_VIEW.fields ?? []));
  },
});
