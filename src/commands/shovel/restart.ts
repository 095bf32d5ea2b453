import { arg, defineCommand } from '../../cli/define.js';
import { NotFoundError } from '../../errors.js';
import { shovelKind } from '../../kinds/shovel.js';
import { ApiError } from '../../mgmt/errors.js';
import { requireName } from '../shared.js';

export const shovelRestart = defineCommand({
  name: 'restart',
  summary: 'restart a shovel of the vhost (-V): it reconnects both ends and resumes',
  args: { name: arg.required('name') },
  async run(ctx, { name }) {
    requireName('shovel', name);
    const subject = { vhost: ctx.vhost, name, value: {} };
    const what = shovelKind.describe(subject);
    try {
      await (await ctx.mgmt()).shovels.restart(ctx.vhost, name);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) throw new NotFoundError(`restart ${what}: it does not exist`, '`rmqx shovel list` lists them');
      throw e;
    }
    await ctx.report({ action: 'restarted', kind: 'shovel', name, vhost: ctx.vhost, changed: true, note: `restarted ${what}` });
  },
});
