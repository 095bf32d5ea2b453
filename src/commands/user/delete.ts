import { arg, defineCommand } from '../../cli/define.js';
import { userKind } from '../../kinds/user.js';
import { removeObject } from '../../plan/execute.js';
import { IF_EXISTS } from '../options.js';
import { requireName } from '../shared.js';

export const userDelete = defineCommand({
  name: 'delete',
  summary: 'delete a user and its permissions',
  args: { name: arg.required('name') },
  options: { ...IF_EXISTS },
  async run(ctx, { name }, { ifExists }) {
    await removeObject(ctx, userKind, { name: requireName('user', name) }, { ifExists });
  },
});
