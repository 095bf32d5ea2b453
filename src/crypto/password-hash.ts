/**
 * RabbitMQ's salted password hashes, computed and checked locally (pure: no I/O beyond the
 * random salt). The stored form is base64(salt ‖ H(salt ‖ utf8(password))) with a 4-byte salt,
 * where H is the hashing algorithm's digest (rabbit_password.erl). A hash made here is
 * accepted by the broker as `password_hash`; a user's stored hash can be checked against a
 * password without sending anything, which keeps `user add` idempotent.
 */
import type * as Crypto from 'node:crypto';
import { createRequire } from 'node:module';

// node:crypto is loaded when a password is first hashed or checked: the commands that load this
// module for the user kind (most of them, through the kinds) rarely need it
const requireBuiltin = createRequire(import.meta.url);
let loaded: typeof Crypto | undefined;
const crypto = (): typeof Crypto => (loaded ??= requireBuiltin('node:crypto') as typeof Crypto);

/** The broker's algorithm names and the digest each uses. */
export const HASHING_ALGORITHMS = {
  rabbit_password_hashing_sha256: 'sha256',
  rabbit_password_hashing_sha512: 'sha512',
  rabbit_password_hashing_md5: 'md5',
} as const;

export type HashingAlgorithm = keyof typeof HASHING_ALGORITHMS;

/** What the broker uses by default since 3.6, and what `rmqx user hash-password` produces. */
export const DEFAULT_HASHING_ALGORITHM: HashingAlgorithm = 'rabbit_password_hashing_sha256';

/** Users stored without an algorithm (created before 3.6) are MD5: rabbit_password:hashing_mod(undefined). */
export const UNDEFINED_HASHING_ALGORITHM: HashingAlgorithm = 'rabbit_password_hashing_md5';

export const SALT_BYTES = 4;

export function isHashingAlgorithm(name: string): name is HashingAlgorithm {
  return Object.prototype.hasOwnProperty.call(HASHING_ALGORITHMS, name);
}

function digest(algorithm: HashingAlgorithm, salt: Uint8Array, password: string): Buffer {
  return crypto().createHash(HASHING_ALGORITHMS[algorithm]).update(salt).update(Buffer.from(password, 'utf8')).digest();
}

function digestLength(algorithm: HashingAlgorithm): number {
  return crypto().createHash(HASHING_ALGORITHMS[algorithm]).digest().length;
}

/** base64(salt ‖ H(salt ‖ password)); the salt is 4 random bytes unless given (tests). */
export function hashPassword(password: string, algorithm: HashingAlgorithm = DEFAULT_HASHING_ALGORITHM, salt: Uint8Array = crypto().randomBytes(SALT_BYTES)): string {
  if (salt.length !== SALT_BYTES) throw new RangeError(`the salt must be ${SALT_BYTES} bytes`);
  return Buffer.concat([salt, digest(algorithm, salt, password)]).toString('base64');
}

/** Strict base64 of exactly salt + digest bytes for the algorithm. */
export function isPasswordHash(text: string, algorithm: HashingAlgorithm = DEFAULT_HASHING_ALGORITHM): boolean {
  const bytes = decodeStrict(text);
  return bytes !== undefined && bytes.length === SALT_BYTES + digestLength(algorithm);
}

/**
 * Does `password` match the stored hash? true or false; undefined when the algorithm is one
 * rmqx cannot compute (a custom hashing module, pbkdf2 on newer brokers): the caller cannot
 * tell and should treat the password as different. An empty stored hash means the user has no
 * password, which no password matches. `algorithm` undefined is the broker's pre-3.6 MD5.
 */
export function verifyPassword(password: string, passwordHash: string, algorithm?: string): boolean | undefined {
  const alg = algorithm === undefined ? UNDEFINED_HASHING_ALGORITHM : algorithm;
  if (!isHashingAlgorithm(alg)) return undefined;
  if (passwordHash === '') return false;
  const bytes = decodeStrict(passwordHash);
  if (bytes === undefined || bytes.length !== SALT_BYTES + digestLength(alg)) return false;
  const salt = bytes.subarray(0, SALT_BYTES);
  return crypto().timingSafeEqual(bytes.subarray(SALT_BYTES), digest(alg, salt, password));
}

/** Node's base64 decoder skips junk; accept only text that round-trips. */
function decodeStrict(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}
