import { arg, defineCommand } from '../../cli/define.js';
import { upstreamKind } from '../../kinds/federation.js';
import { removeObject } from '../../plan/execute.js';
import { IF_EXISTS } from '../options.js';
import { requireName } from '../shared.js';

export const upstreamDelete = defineCommand({
  name: 'delete',
  summary: 'remove a federation upstream from the vhost (-V); its links stop',
  args: { name: arg.required('name') },
  options: { ...IF_EXISTS },
  async run(ctx, { name }, { ifExists }) {
    await removeObject(ctx, upstreamKind, { vhost: ctx.vhost, name: requireName('federation upstream', name), value: {} }, { ifExists });
  },
});
