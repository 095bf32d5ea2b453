import { defineCommand } from '../../cli/define.js';
import { describeError, PartialError } from '../../errors.js';
import { YES } from '../options.js';

export const featureFlagEnableAll = defineCommand({
  name: 'enable-all',
  summary: 'enable every stable feature flag that is disabled (lists them; asks on a TTY, --yes otherwise)',
  options: { ...YES },
  help: `What \`rabbitmqctl enable_feature_flag all\` does: every flag whose stability is stable and whose
state is disabled; experimental ones are left alone. Enabled flags cannot be disabled again. Nothing to
enable is success (0, changed:false). A failure part-way is exit 3 naming what was enabled.`,
  async run(ctx, _args, { yes }) {
    const m = await ctx.mgmt();
    const todo = (await m.featureFlags.list()).filter((f) => f.stability === 'stable' && f.state === 'disabled').map((f) => f.name);
    if (!todo.length) {
      ctx.record({ action: 'enabled', kind: 'feature flags', changed: false });
      await ctx.out.result({ action: 'enabled', kind: 'feature flags', changed: false, enabled: [] }, { note: 'every stable feature flag is already enabled; nothing to do' });
      return;
    }
    ctx.out.note(`disabled stable feature flags: ${todo.join(', ')}`);
    await ctx.confirm(`enable ${todo.length} feature flag${todo.length === 1 ? '' : 's'} (${todo.join(', ')}); this cannot be undone`, yes);
    const enabled: string[] = [];
    for (const name of todo) {
      try {
        await m.featureFlags.enable(name);
      } catch (e) {
        if (enabled.length) ctx.record({ action: 'enabled', kind: 'feature flags', changed: true });
        const rest = todo.slice(enabled.length + 1);
        throw new PartialError(
          `${describeError(e).line}; enabled before it: ${enabled.join(', ') || 'none'}; not attempted: ${rest.join(', ') || 'none'}`,
          'run it again to continue',
        );
      }
      enabled.push(name);
    }
    ctx.record({ action: 'enabled', kind: 'feature flags', changed: true });
    await ctx.out.result({ action: 'enabled', kind: 'feature flags', changed: true, enabled }, { note: `enabled ${enabled.length} feature flag${enabled.length === 1 ? '' : 's'}: ${enabled.join(', ')}` });
  },
});
