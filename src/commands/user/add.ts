import { arg, defineCommand, opt } from '../../cli/define.js';
import { list } from '../../cli/parsers.js';
import { userKind } from '../../kinds/user.js';
import { ensure } from '../../plan/execute.js';
import { newName } from '../shared.js';
import { newPassword, PASSWORD_SOURCES } from './password-source.js';

/**
 * user add NAME [--tags a,b] [password source]: idempotent. An existing user is compared
 * (tags as a set; the password checked locally against the stored salted hash) and updated
 * only where it differs; without --tags an existing user keeps its tags.
 */
export const userAdd = defineCommand({
  name: 'add',
  summary: 'add a user, or bring an existing one to the given password and tags (idempotent)',
  args: { name: arg.required('name') },
  options: {
    ...PASSWORD_SOURCES,
    tags: opt.value('--tags <list>', 'comma-separated tags: administrator, monitoring, management, policymaker, impersonator or your own', list),
  },
  help: `
The password comes from --password-stdin, --password-file, --password-hash, or a hidden prompt
(asked twice) on a terminal; never from the command line. --no-password makes a user that
cannot log in with a password (certificates or other mechanisms).

Examples:
  echo "$PW" | rmqx user add svc --password-stdin --tags monitoring
  rmqx user add alice --tags administrator          (asks for the password)
  rmqx user add ops --password-hash "$(rmqx user hash-password --password-file pw.txt)"`,
  async run(ctx, { name }, { tags, ...source }) {
    newName('user', name);
    const password = await newPassword(ctx, source, `password for user '${name}'`, PASSWORD_SOURCES);
    await ensure(ctx, userKind, { name, tags, password });
  },
});
