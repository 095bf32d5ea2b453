import type { Command } from 'commander';
import { run, verb } from '../../cli/command.js';
import { list as parseList } from '../../cli/parsers.js';
import { requireName, sameSet, tagList } from '../shared.js';
import { keepPasswordBody, newPassword, passwordBody, passwordOptions, samePassword } from './password-source.js';

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
        const pw = await newPassword(ctx, o, `password for user '${name}'`, SOURCES);
        const api = (await ctx.mgmt()).users;
        const existing = await api.find(name);
        if (!existing) {
          const tags: string[] = o.tags ?? [];
          await api.put(name, passwordBody(pw, tags), 'add');
          await ctx.report({ action: 'added', kind: 'user', name, changed: true, tags });
          return;
        }
        const current = tagList(existing.tags);
        const tags: string[] = o.tags ?? current;
        const updated: string[] = [];
        const keepPassword = samePassword(pw, existing);
        if (!keepPassword) updated.push('password');
        if (!sameSet(tags, current)) updated.push('tags');
        if (updated.length === 0) {
          await ctx.report({ action: 'added', kind: 'user', name, changed: false, tags: current });
          return;
        }
        await api.put(name, keepPassword ? keepPasswordBody(existing, tags) : passwordBody(pw, tags), 'update');
        await ctx.report({ action: 'updated', kind: 'user', name, changed: true, updated, tags, note: `updated user '${name}': ${updated.join(', ')}` });
      }),
    );
}
