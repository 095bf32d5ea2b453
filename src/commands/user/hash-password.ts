import { defineCommand } from '../../cli/define.js';
import { DEFAULT_HASHING_ALGORITHM, hashPassword } from '../../crypto/password-hash.js';
import { newPassword, PASSWORD_INPUT } from './password-source.js';

/**
 * user hash-password: the broker's salted SHA-256 form of a password, computed here (no
 * broker, no settings), for `user add --password-hash` or a definitions file.
 */
export const userHashPassword = defineCommand({
  name: 'hash-password',
  summary: 'print the salted SHA-256 hash of a password, as the broker stores it (needs no broker)',
  options: { ...PASSWORD_INPUT },
  help: `
The password comes from --password-stdin, --password-file or a hidden prompt (asked twice).
Output: base64(salt + sha256(salt + password)) with 4 random salt bytes, for
\`rmqx user add NAME --password-hash HASH\` (hashing_algorithm rabbit_password_hashing_sha256).`,
  async run(ctx, _args, source) {
    const pw = await newPassword(ctx, source, 'password to hash', PASSWORD_INPUT);
    if (pw.kind !== 'password') return; // the sources of this verb give only passwords
    const hash = hashPassword(pw.password);
    await ctx.out.result({ password_hash: hash, hashing_algorithm: DEFAULT_HASHING_ALGORITHM }, { text: `${hash}\n` });
  },
});
