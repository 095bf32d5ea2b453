import type { Command } from 'commander';
import { run, verb } from '../../cli/command.js';
import { DEFAULT_HASHING_ALGORITHM, hashPassword } from '../../crypto/password-hash.js';
import { newPassword, passwordOptions } from './password-source.js';

const SOURCES = { hash: false, none: false };

/**
 * user hash-password: the broker's salted SHA-256 form of a password, computed here (no
 * broker, no settings), for `user add --password-hash` or a definitions file.
 */
export function userHashPassword(user: Command): void {
  passwordOptions(verb(user, 'hash-password', 'print the salted SHA-256 hash of a password, as the broker stores it (needs no broker)'), SOURCES)
    .addHelpText(
      'after',
      `
The password comes from --password-stdin, --password-file or a hidden prompt (asked twice).
Output: base64(salt + sha256(salt + password)) with 4 random salt bytes, for
\`rmqx user add NAME --password-hash HASH\` (hashing_algorithm rabbit_password_hashing_sha256).`,
    )
    .action(
      run(async (ctx, _args, o) => {
        const pw = await newPassword(ctx, o, 'password to hash', SOURCES);
        if (pw.kind !== 'password') return; // the sources of this verb give only passwords
        const hash = hashPassword(pw.password);
        if (ctx.out.json) await ctx.out.write(JSON.stringify({ password_hash: hash, hashing_algorithm: DEFAULT_HASHING_ALGORITHM }) + '\n');
        else await ctx.out.write(hash + '\n');
      }),
    );
}
