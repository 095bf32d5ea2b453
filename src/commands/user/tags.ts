import type { Command } from 'commander';
import { run, verb } from '../../cli/command.js';
import { list as parseList } from '../../cli/parsers.js';
import { NotFoundError } from '../../errors.js';
import { requireName, sameSet, tagList } from '../shared.js';
import { keepPasswordBody } from './password-source.js';

/** user tags NAME a,b: set a user's tags, keeping its password ('' clears them). */
export function userTags(user: Command): void {
  verb(user, 'tags <name> <tags>', "set a user's tags, comma-separated ('' clears them); keeps the password (idempotent)").action(
    run(async (ctx, [name, text]) => {
      requireName('user', name);
      const tags = parseList(text ?? '');
      const api = (await ctx.mgmt()).users;
      const existing = await api.find(name);
      if (!existing) throw new NotFoundError(`set tags of user '${name}': it does not exist`, 'create it with `rmqx user add`');
      if (sameSet(tags, tagList(existing.tags))) {
        await ctx.report({ action: 'tagged', kind: 'user', name, changed: false, tags });
        return;
      }
      await api.put(name, keepPasswordBody(existing, tags), 'set tags of');
      await ctx.report({ action: 'tagged', kind: 'user', name, changed: true, tags, note: `set tags of user '${name}': ${tags.length ? tags.join(',') : '(none)'}` });
    }),
  );
}
