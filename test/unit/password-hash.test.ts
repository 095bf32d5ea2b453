import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { hashPassword, isPasswordHash, verifyPassword } from '../../src/crypto/password-hash.js';

/** The broker's form, computed here independently of the module under test. */
function reference(alg: 'sha256' | 'sha512' | 'md5', salt: Buffer, password: string): string {
  const d = createHash(alg).update(Buffer.concat([salt, Buffer.from(password, 'utf8')])).digest();
  return Buffer.concat([salt, d]).toString('base64');
}

const SALT = Buffer.from([0xde, 0xad, 0xbe, 0xef]);

test('hashPassword with a fixed salt matches salt ‖ sha256(salt ‖ password), base64', () => {
  const h = hashPassword('s3cret', 'rabbit_password_hashing_sha256', SALT);
  assert.equal(h, reference('sha256', SALT, 's3cret'));
  assert.equal(Buffer.from(h, 'base64').length, 36);
  assert.deepEqual(Buffer.from(h, 'base64').subarray(0, 4), SALT);
  assert.equal(hashPassword('s3cret', 'rabbit_password_hashing_sha512', SALT), reference('sha512', SALT, 's3cret'));
  assert.equal(hashPassword('s3cret', 'rabbit_password_hashing_md5', SALT), reference('md5', SALT, 's3cret'));
  // non-ASCII passwords are hashed as UTF-8
  assert.equal(hashPassword('pässwörd✓', undefined, SALT), reference('sha256', SALT, 'pässwörd✓'));
});

test('hashPassword draws a fresh 4-byte salt each time; verify accepts what hash makes', () => {
  const a = hashPassword('same');
  const b = hashPassword('same');
  assert.notEqual(a, b);
  assert.equal(verifyPassword('same', a, 'rabbit_password_hashing_sha256'), true);
  assert.equal(verifyPassword('same', b, 'rabbit_password_hashing_sha256'), true);
  assert.equal(verifyPassword('Same', a, 'rabbit_password_hashing_sha256'), false);
  assert.throws(() => hashPassword('x', undefined, Buffer.from([1, 2, 3])), RangeError);
});

test('verifyPassword accepts hashes the broker made (RabbitMQ 3.10.8)', () => {
  // PUT /api/users/tu1 {"password":"pw"} then GET: the broker's own salted SHA-256
  assert.equal(verifyPassword('pw', 'Vis1LoMGvQO6a4H0/Xk14G55hn0Oy5ZcQABuQPFCTMQn94VI', 'rabbit_password_hashing_sha256'), true);
  assert.equal(verifyPassword('pw ', 'Vis1LoMGvQO6a4H0/Xk14G55hn0Oy5ZcQABuQPFCTMQn94VI', 'rabbit_password_hashing_sha256'), false);
  // the default guest user
  assert.equal(verifyPassword('guest', 'UmQpNDwb76rCUm45oOE0z4hmsLKRrYioWhviDWv0lpC0NoVy', 'rabbit_password_hashing_sha256'), true);
});

test('verifyPassword: sha512 and md5, a missing algorithm is md5, unknown algorithms cannot tell', () => {
  assert.equal(verifyPassword('pw', reference('sha512', SALT, 'pw'), 'rabbit_password_hashing_sha512'), true);
  assert.equal(verifyPassword('pw2', reference('sha512', SALT, 'pw'), 'rabbit_password_hashing_sha512'), false);
  assert.equal(verifyPassword('pw', reference('md5', SALT, 'pw'), 'rabbit_password_hashing_md5'), true);
  assert.equal(verifyPassword('pw', reference('md5', SALT, 'pw'), undefined), true);
  // a sha256 hash checked as sha512 has the wrong length: no match
  assert.equal(verifyPassword('pw', reference('sha256', SALT, 'pw'), 'rabbit_password_hashing_sha512'), false);
  assert.equal(verifyPassword('pw', reference('sha256', SALT, 'pw'), 'rabbit_password_hashing_pbkdf2_sha256'), undefined);
});

test('verifyPassword: an empty stored hash (no password) matches nothing; junk never matches', () => {
  assert.equal(verifyPassword('', '', 'rabbit_password_hashing_sha256'), false);
  assert.equal(verifyPassword('pw', '', 'rabbit_password_hashing_sha256'), false);
  assert.equal(verifyPassword('pw', 'not base64!', 'rabbit_password_hashing_sha256'), false);
  assert.equal(verifyPassword('pw', 'AAAA', 'rabbit_password_hashing_sha256'), false);
});

test('isPasswordHash: strict base64 of exactly 4 + 32 bytes', () => {
  assert.equal(isPasswordHash(hashPassword('x')), true);
  assert.equal(isPasswordHash('Vis1LoMGvQO6a4H0/Xk14G55hn0Oy5ZcQABuQPFCTMQn94VI'), true);
  assert.equal(isPasswordHash(''), false);
  assert.equal(isPasswordHash('abc'), false);
  assert.equal(isPasswordHash('Vis1LoMGvQO6a4H0/Xk14G55hn0Oy5ZcQABuQPFCTMQn94V'), false); // truncated
  assert.equal(isPasswordHash('Vis1LoMGvQO6a4H0/Xk14G55hn0Oy5ZcQABuQPFCTMQn94VI '), false);
  assert.equal(isPasswordHash('Vis1LoMG-QO6a4H0_Xk14G55hn0Oy5ZcQABuQPFCTMQn94VI'), false); // base64url
  assert.equal(isPasswordHash(reference('md5', SALT, 'pw')), false);
  assert.equal(isPasswordHash(reference('sha512', SALT, 'pw'), 'rabbit_password_hashing_sha512'), true);
});
