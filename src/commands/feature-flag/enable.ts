import { arg, defineCommand } from '../../cli/define.js';
import { DataError, NotFoundError } from '../../errors.js';
import { ApiError } from '../../mgmt/errors.js';
import { requireName } from '../shared.js';

export const featureFlagEnable = defineCommand({
  name: 'enable',
  summary: 'enable one feature flag on every node of the cluster (cannot be undone); already enabled is success',
  args: { name: arg.required('name') },
  help: `A feature flag once enabled stays enabled: check with the RabbitMQ upgrade notes first.
An enabled flag changes nothing (0, changed:false); a name the broker does not know is exit 66.`,
  async run(ctx, { name }) {
    requireName('feature flag', name);
    const m = await ctx.mgmt();
    const flag = (await m.featureFlags.list()).find((f) => f.name === name);
    const what = `feature flag '${name}'`;
    if (!flag) throw new NotFoundError(`enable ${what}: this broker (RabbitMQ ${(await m.capabilities()).version}) has no such feature flag`, '`rmqx feature-flag list` lists them');
    const subject = { action: 'enabled', kind: 'feature flag', name };
    if (flag.state === 'enabled') {
      await ctx.report({ ...subject, changed: false, note: `${what} is already enabled; nothing to do` });
      return;
    }
    try {
      await m.featureFlags.enable(name);
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) throw new DataError(`enable ${what}: the broker refused: ${e.reason || e.error}`);
      throw e;
    }
    await ctx.report({ ...subject, changed: true, stability: flag.stability, note: `enabled ${what}` });
  },
});
