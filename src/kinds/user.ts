/** Users: tags and the password change in place; the password is compared against the stored salted hash, locally. */
import { DEFAULT_HASHING_ALGORITHM, verifyPassword } from '../crypto/password-hash.js';
import { DataError, describeTarget } from '../errors.js';
import type { User } from '../mgmt/types.js';
import { withFields, type View } from '../render/view.js';
import { USER_FIELDS } from '../mgmt/fields.js';
import { sameSet, type Difference, type Kind } from './kind.js';
import { tagList } from './tags.js';

export type NewPassword =
  | { kind: 'password'; password: string }
  /** a salted hash in the broker's format; `algorithm` when not the broker's default (SHA-256) */
  | { kind: 'hash'; hash: string; algorithm?: string | undefined }
  /** password_hash "": the user cannot log in with a password (certificates, OAuth, …) */
  | { kind: 'none' };

export interface UserSpec {
  name: string;
  /** undefined: keep the tags an existing user has (none for a new one) */
  tags?: string[];
  /** undefined: keep the password an existing user has */
  password?: NewPassword;
  /** what the broker returned (read only): its stored hash is what a password is compared with */
  stored?: User;
}

export const USER_VIEW: View = withFields([{ key: 'name' }, { key: 'tags' }], USER_FIELDS);

/** A user as rmqx shows it: never with its password hash. */
export function withoutSecrets(user: User): Record<string, unknown> {
  const { password_hash: _hash, password: _password, ...rest } = user as User & { password?: unknown };
  return rest;
}

export function userSpecOf(u: User): UserSpec {
  return { name: u.name, tags: tagList(u.tags), stored: u };
}

/** Is the user's stored password already the one asked for? */
export function samePassword(pw: NewPassword, user: User): boolean {
  const stored = user.password_hash;
  if (typeof stored !== 'string') return false; // not shown to us: cannot tell, so set it
  switch (pw.kind) {
    case 'none':
      return stored === '';
    case 'hash':
      return stored === pw.hash && (user.hashing_algorithm ?? DEFAULT_HASHING_ALGORITHM) === (pw.algorithm ?? DEFAULT_HASHING_ALGORITHM);
    case 'password':
      return verifyPassword(pw.password, stored, user.hashing_algorithm) === true;
  }
}

/** The PUT body that sets this password and these tags. */
export function passwordBody(pw: NewPassword, tags: string[]): Record<string, unknown> {
  const t = tags.join(',');
  switch (pw.kind) {
    case 'none':
      return { password_hash: '', tags: t };
    case 'hash':
      return { password_hash: pw.hash, hashing_algorithm: pw.algorithm ?? DEFAULT_HASHING_ALGORITHM, tags: t };
    case 'password':
      // the broker hashes it with its configured algorithm, as rabbitmqctl add_user does
      return { password: pw.password, tags: t };
  }
}

/** The PUT body that keeps the user's password as it is and sets these tags. */
export function keepPasswordBody(user: User, tags: string[]): Record<string, unknown> {
  if (typeof user.password_hash !== 'string') {
    // sending anything else would replace the password
    throw new DataError(`user '${user.name}': the broker did not return its password_hash, so its password cannot be kept`, 'give the password too: `rmqx user add NAME --tags … --password-stdin`');
  }
  const body: Record<string, unknown> = { password_hash: user.password_hash, tags: tags.join(',') };
  if (user.hashing_algorithm !== undefined) body.hashing_algorithm = user.hashing_algorithm;
  return body;
}

export const userKind: Kind<UserSpec> = {
  name: 'user',
  scope: 'cluster',
  dependsOn: [],
  identity: (u) => ({ kind: 'user', name: u.name }),
  describe: (u) => describeTarget({ kind: 'user', name: u.name }),
  async read(m, u) {
    const found = await m.users.find(u.name);
    return found && userSpecOf(found);
  },
  async list(m) {
    return (await m.users.list()).map(userSpecOf);
  },
  diff(have, want) {
    const d: Difference[] = [];
    // a secret: words name the field, never a value
    if (want.password !== undefined && !(have.stored && samePassword(want.password, have.stored))) d.push({ field: 'password', have: undefined, want: undefined, mutable: true, secret: true });
    if (want.tags !== undefined && !sameSet(want.tags, have.tags ?? [])) d.push({ field: 'tags', have: have.tags ?? [], want: want.tags, mutable: true });
    return d;
  },
  async write(m, want, have) {
    if (!have) {
      await m.users.put(want.name, passwordBody(want.password ?? { kind: 'none' }, want.tags ?? []), 'add');
      return;
    }
    const tags = want.tags ?? have.tags ?? [];
    const stored = have.stored ?? { name: want.name, tags };
    if (want.password === undefined || samePassword(want.password, stored)) await m.users.put(want.name, keepPasswordBody(stored, tags), 'update');
    else await m.users.put(want.name, passwordBody(want.password, tags), 'update');
  },
  remove: (m, u) => m.users.delete(u.name),
  verbs: { create: 'added', update: 'updated', delete: 'deleted' },
  view: USER_VIEW,
  // a delete that did not read the user first (removeObject) knows no tags: none are claimed
  outcome: ({ action, want, have }) =>
    action === 'delete' ? (have?.tags !== undefined ? { tags: have.tags } : {}) : { tags: (action === 'unchanged' ? have?.tags : want?.tags) ?? have?.tags ?? [] },
};
