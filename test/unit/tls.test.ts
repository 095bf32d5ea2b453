import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { runInProcess } from '../helpers/memory-io.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const cert = readFileSync(fixture('tls-cert.pem'));
const key = readFileSync(fixture('tls-key.pem'));

/** An HTTPS management API stub with a self-signed certificate; optionally it demands a client certificate. */
async function httpsStub(t: { after(fn: () => unknown): void }, requireClientCert = false): Promise<string> {
  const server: Server = createServer({ key, cert, ca: [cert], requestCert: requireClientCert, rejectUnauthorized: requireClientCert }, (req, res) => {
    if (req.url === '/api/vhosts') res.writeHead(200, { 'content-type': 'application/json' }).end('[{"name":"/"}]');
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test('https: an untrusted certificate is refused (69) with a hint; --cacert trusts it', async (t) => {
  const url = await httpsStub(t);
  const refused = await runInProcess(['vhost', 'list', '--url', url]);
  assert.equal(refused.code, 69, refused.stderr);
  assert.match(refused.stderr, /SELF_SIGNED|self.signed/i);
  assert.match(refused.stderr, /hint: .*--cacert/);
  const trusted = await runInProcess(['vhost', 'list', '--url', url, '--cacert', fixture('tls-cert.pem')]);
  assert.equal(trusted.code, 0, trusted.stderr);
  assert.equal(trusted.stdout.split('\t')[0], '/');
  const wrongCa = await runInProcess(['vhost', 'list', '--url', url, '--cacert', fixture('other-cert.pem')]);
  assert.equal(wrongCa.code, 69, wrongCa.stderr);
});

test('https: --insecure skips verification only when asked (flag or RMQX_INSECURE)', async (t) => {
  const url = await httpsStub(t);
  assert.equal((await runInProcess(['vhost', 'list', '--url', url, '--insecure'])).code, 0);
  assert.equal((await runInProcess(['vhost', 'list', '--url', url], { env: { RMQX_INSECURE: '1' } })).code, 0);
  assert.equal((await runInProcess(['vhost', 'list', '--url', url], { env: { RMQX_INSECURE: '0' } })).code, 69);
});

test('https: a client certificate is sent with --cert and --key; an unreadable one is 66', async (t) => {
  const url = await httpsStub(t, true);
  const ca = ['--cacert', fixture('tls-cert.pem')];
  const without = await runInProcess(['vhost', 'list', '--url', url, ...ca]);
  assert.equal(without.code, 69, without.stderr);
  const withCert = await runInProcess(['vhost', 'list', '--url', url, ...ca, '--cert', fixture('tls-cert.pem'), '--key', fixture('tls-key.pem')]);
  assert.equal(withCert.code, 0, withCert.stderr);
  const missing = await runInProcess(['vhost', 'list', '--url', url, ...ca, '--cert', '/nonexistent/cert.pem', '--key', fixture('tls-key.pem')]);
  assert.equal(missing.code, 66, missing.stderr);
  assert.match(missing.stderr, /--cert: cannot read '\/nonexistent\/cert.pem'/);
});
