import { defineCommand } from '../../cli/define.js';
import { POLICY_VIEW } from '../../kinds/policy.js';
import { withFields } from '../../render/view.js';
import { ALL_VHOSTS, listVhost } from '../scope.js';

export const policyList = defineCommand({
  name: 'list',
  summary: 'list the policies of the vhost (-V; --all-vhosts for every one)',
  options: { ...ALL_VHOSTS },
  async run(ctx, _args, { allVhosts }) {
    const vhost = listVhost(ctx, 'in-vhost', allVhosts);
    const view = vhost === undefined ? withFields([{ key: 'vhost' }, ...POLICY_VIEW], POLICY_VIEW.fields ?? []) : POLICY_VIEW;
    await ctx.out.list(await (await ctx.mgmt()).policies.list(vhost), view);
  },
});
