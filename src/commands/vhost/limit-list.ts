import { arg, defineCommand } from '../../cli/define.js';
import { UsageError } from '../../errors.js';
import { ALL_VHOSTS, listVhost } from '../scope.js';
import { runLimitList } from './limit-common.js';
import { VHOST_OWNER } from './limit-owner.js';

export const vhostLimitList = defineCommand({
  name: 'list',
  summary: "list vhost limits: of VHOST, else of the vhost named with -V, else of every vhost that has any",
  args: { vhost: arg.optional('vhost') },
  options: { ...ALL_VHOSTS },
  async run(ctx, { vhost }, { allVhosts }) {
    if (vhost !== undefined && allVhosts) throw new UsageError('VHOST and --all-vhosts: give one or the other');
    await runLimitList(ctx, VHOST_OWNER, vhost ?? listVhost(ctx, 'across-vhosts', allVhosts));
  },
});
