/**
 * Where a new password comes from: --password-stdin, --password-file F, --password-hash H,
 * --no-password, or a hidden prompt asked twice on a TTY. Never from argv: there is no option
 * that takes the cleartext. Read before any request is sent, so a bad source changes nothing.
 */
import { Option, type Command } from 'commander';
import type { Readable } from 'node:stream';
import type { Context } from '../../cli/context.js';
import { readSecretFile } from '../../config/resolve.js';
import { isPasswordHash } from '../../crypto/password-hash.js';
import { DataError, UsageError } from '../../errors.js';
import type { User } from '../../mgmt/types.js';
import type { NewPassword } from '../../kinds/user.js';

export { keepPasswordBody, passwordBody, samePassword, type NewPassword } from '../../kinds/user.js';


export interface SourceOptions {
  passwordStdin?: boolean;
  newPasswordFile?: string;
  passwordHash?: string;
  noPassword?: boolean;
}

/**
 * Add the password options to a verb. `--password-file` shadows the global connection option
 * of the same name on this verb (it is the NEW password); `rmqx --password-file F user add …`
 * before the noun is still the connection's. Its value is stored as `newPasswordFile`, and
 * `--no-password` as `noPassword`, so neither is ever mistaken for a connection setting.
 */
export function passwordOptions(cmd: Command, which: { hash: boolean; none: boolean }): Command {
  cmd.option('--password-stdin', 'read the new password from the first line of stdin');
  const file = new Option('--password-file <file>', 'read the new password from the first line of a file');
  file.attributeName = () => 'newPasswordFile';
  cmd.addOption(file);
  if (which.hash) cmd.option('--password-hash <hash>', 'a salted hash made by `rmqx user hash-password` (sent as password_hash, rabbit_password_hashing_sha256)');
  if (which.none) {
    const none = new Option('--no-password', 'no password: the user cannot log in with one (certificate or other mechanisms only)');
    // a plain flag, not commander's negation of --password (the connection's password)
    none.negate = false;
    cmd.addOption(none);
  }
  return cmd;
}

const SOURCE_FLAGS: Array<[keyof SourceOptions, string]> = [
  ['passwordStdin', '--password-stdin'],
  ['newPasswordFile', '--password-file'],
  ['passwordHash', '--password-hash'],
  ['noPassword', '--no-password'],
];

/** The new password, from exactly one source; the prompt only on a terminal. */
export async function newPassword(ctx: Context, o: SourceOptions, prompt: string, which: { hash: boolean; none: boolean }): Promise<NewPassword> {
  const given = SOURCE_FLAGS.filter(([k]) => o[k] !== undefined && o[k] !== false);
  if (given.length > 1) throw new UsageError(`${given.map(([, f]) => f).join(' and ')} cannot be combined: give the password one way`);
  if (o.passwordHash !== undefined) {
    if (!isPasswordHash(o.passwordHash)) {
      throw new UsageError('--password-hash: not a salted SHA-256 hash (base64 of 36 bytes)', 'make one with `rmqx user hash-password`');
    }
    return { kind: 'hash', hash: o.passwordHash };
  }
  if (o.noPassword) return { kind: 'none' };
  if (o.newPasswordFile !== undefined) return { kind: 'password', password: readSecretFile(ctx.fs, ctx.path(o.newPasswordFile)) };
  if (o.passwordStdin) {
    const password = await firstLine(ctx.io.stdin);
    if (password === '') throw new DataError('--password-stdin: the first line of stdin is empty');
    return { kind: 'password', password };
  }
  if (!ctx.io.stdinIsTTY || !ctx.io.stderrIsTTY) {
    const options = ['--password-stdin', '--password-file FILE'];
    if (which.hash) options.push('--password-hash HASH');
    if (which.none) options.push('--no-password');
    throw new UsageError('no password given, and not on a terminal to ask for one', `give it with ${options.slice(0, -1).join(', ')} or ${options[options.length - 1]}`);
  }
  return { kind: 'password', password: await ctx.newSecret(prompt) };
}

/** The first line of a stream, without its line ending; stops reading there. */
export function firstLine(stream: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const finish = (line: Buffer) => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.pause();
      resolve(line.toString('utf8').replace(/\r$/, ''));
    };
    const onData = (c: Buffer | string) => {
      const b = typeof c === 'string' ? Buffer.from(c, 'utf8') : c;
      const nl = b.indexOf(0x0a);
      if (nl < 0) {
        chunks.push(b);
        return;
      }
      chunks.push(b.subarray(0, nl));
      finish(Buffer.concat(chunks));
    };
    const onEnd = () => finish(Buffer.concat(chunks));
    const onError = (e: Error) => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      reject(e);
    };
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
    stream.resume();
  });
}




/** A user as rmqx shows it: never with its password hash. */
export function withoutSecrets(user: User): Record<string, unknown> {
  const { password_hash: _hash, password: _password, ...rest } = user as User & { password?: unknown };
  return rest;
}
