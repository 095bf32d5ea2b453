import { arg, defineCommand } from '../../cli/define.js';
import { list } from '../../cli/parsers.js';
import { NotFoundError } from '../../errors.js';
import { keepPasswordBody } from '../../kinds/user.js';
import { requireName, sameSet, tagList } from '../shared.js';

/** user tags NAME a,b: set a user's tags, keeping its password ('' clears them). */
export const userTags = defineCommand({
  name: 'tags',
  summary: "set a user's tags, comma-separated ('' clears them); keeps the password (idempotent)",
  args: { name: arg.required('name'), tags: arg.required('tags') },
  async run(ctx, { name, tags: text }) {
    requireName('user', name);
    const tags = list(text);
    const api = (await ctx.mgmt()).users;
    const existing = await api.find(name);
    if (!existing) throw new NotFoundError(`set tags of user '${name}': it does not exist`, 'create it with `rmqx user add`');
    if (sameSet(tags, tagList(existing.tags))) {
      await ctx.report({ action: 'tagged', kind: 'user', name, changed: false, tags });
      return;
    }
    await api.put(name, keepPasswordBody(existing, tags), 'set tags of');
    await ctx.report({ action: 'tagged', kind: 'user', name, changed: true, tags, note: `set tags of user '${name}': ${tags.length ? tags.join(',') : '(none)'}` });
  },
});
