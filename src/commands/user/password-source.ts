/**
 * Where a new password comes from: --password-stdin, --password-file F, --password-hash H,
 * --no-password, or a hidden prompt asked twice on a TTY. Never from argv: there is no option
 * that takes the cleartext. Read before any request is sent, so a bad source changes nothing.
 */
import type { Readable } from 'node:stream';
import type { Context } from '../../cli/context.js';
import { opt, type OptValues } from '../../cli/define.js';
import { readSecretFile } from '../../config/resolve.js';
import { isPasswordHash } from '../../crypto/password-hash.js';
import { DataError, UsageError } from '../../errors.js';
import type { NewPassword } from '../../kinds/user.js';

/**
 * A cleartext password, from stdin or a file. `--password-file` shadows the global connection
 * option of the same spelling on these verbs (it is the NEW password): the verb's own option
 * is not copied into the connection settings (cli/command.ts mergedGlobals), while
 * `rmqx --password-file F user add …` before the noun is still the connection's.
 */
export const PASSWORD_INPUT = {
  passwordStdin: opt.flag('--password-stdin', 'read the new password from the first line of stdin'),
  passwordFile: opt.string('--password-file <file>', 'read the new password from the first line of a file'),
};

/** Every source of a user's password. `--no-password` is a switch of its own (noPassword), never the connection's -p. */
export const PASSWORD_SOURCES = {
  ...PASSWORD_INPUT,
  passwordHash: opt.string('--password-hash <hash>', 'a salted hash made by `rmqx user hash-password` (sent as password_hash, rabbit_password_hashing_sha256)'),
  noPassword: opt.flag('--no-password', 'no password: the user cannot log in with one (certificate or other mechanisms only)'),
};

export type PasswordSources = typeof PASSWORD_INPUT | typeof PASSWORD_SOURCES;
export type SourceOptions = Partial<OptValues<typeof PASSWORD_SOURCES>>;

/** The new password, from exactly one source; the prompt only on a terminal. */
export async function newPassword(ctx: Context, o: SourceOptions, prompt: string, offered: PasswordSources): Promise<NewPassword> {
  const given: string[] = [];
  if (o.passwordStdin) given.push('--password-stdin');
  if (o.passwordFile !== undefined) given.push('--password-file');
  if (o.passwordHash !== undefined) given.push('--password-hash');
  if (o.noPassword) given.push('--no-password');
  if (given.length > 1) throw new UsageError(`${given.join(' and ')} cannot be combined: give the password one way`);
  if (o.passwordHash !== undefined) {
    if (!isPasswordHash(o.passwordHash)) {
      throw new UsageError('--password-hash: not a salted SHA-256 hash (base64 of 36 bytes)', 'make one with `rmqx user hash-password`');
    }
    return { kind: 'hash', hash: o.passwordHash };
  }
  if (o.noPassword) return { kind: 'none' };
  if (o.passwordFile !== undefined) return { kind: 'password', password: readSecretFile(ctx.fs, ctx.path(o.passwordFile)) };
  if (o.passwordStdin) {
    const password = await firstLine(ctx.io.stdin);
    if (password === '') throw new DataError('--password-stdin: the first line of stdin is empty');
    return { kind: 'password', password };
  }
  if (!ctx.io.stdinIsTTY || !ctx.io.stderrIsTTY) {
    const options = ['--password-stdin', '--password-file FILE'];
    if ('passwordHash' in offered) options.push('--password-hash HASH');
    if ('noPassword' in offered) options.push('--no-password');
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
