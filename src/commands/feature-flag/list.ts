import { defineCommand } from '../../cli/define.js';
import { FEATURE_FLAG_VIEW } from './common.js';

export const featureFlagList = defineCommand({
  name: 'list',
  summary: 'list the feature flags of the cluster: name, state, stability, description',
  help: `state: enabled, disabled, or unavailable (a node does not support it). stability: stable or
experimental; RabbitMQ 4.x adds required (enabled on every node, cannot be disabled).`,
  async run(ctx) {
    await ctx.out.list(await (await ctx.mgmt()).featureFlags.list(), FEATURE_FLAG_VIEW);
  },
});
