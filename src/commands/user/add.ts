import type { Command } from 'commander';
import { run, verb } from '../../cli/command.js';
import { list as parseList } from '../../cli/parsers.js';
import { userKind } from '../../kinds/user.js';
import { ensure } from '../../plan/execute.js';
import { requireName } from '../shared.js';
import { newPassword, passwordOptions } from './password-source.js';

const SOURCES = { hash: true, none: true };

/**
 * user add NAME [--tags a,b] [password source]: idempotent. An existing user is compared
 * (tags as a set; the password checked locally against the stored salted hash) and updated
 * only where it differs; without --tags an existing user keeps its tags.
 */
export function userAdd(user: Command): void {
  passwordOptions(verb(user, 'add <name>', 'add a user, or bring an existing one to the given password and tags (idempotent)'), SOURCES)
    .option('--tags <list>', 'comma-separated tags: administrator, monitoring, management, policymaker, impersonator or your own', parseList)
    .addHelpText(
      'after',
      `
The password comes from --password-stdin, --password-file, --password-hash, or a hidden prompt
(asked twice) on a terminal; never from the command line. --no-password makes a user that
cannot log in with a password (certificates or other mechanisms).

Examples:
  echo "$PW" | rmqx user add svc --password-stdin --tags monitoring
  rmqx user add alice --tags administrator          (asks for the password)
  rmqx user add ops --password-hash "$(rmqx user hash-password --password-file pw.txt)"`,
    )
    .action(
      run(async (ctx, [name], o) => {
        requireName('user', name);
        const password = await newPassword(ctx, o, `password for user '${name}'`, SOURCES);
        await ensure(ctx, userKind, { name, tags: o.tags, password });
      }),
    );
}
