import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:https';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describeError, NetworkError } from '../../src/errors.js';
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

/** stderr's lines, without a trailing empty one. */
const lines = (stderr: string) => stderr.replace(/\n$/, '').split('\n');

/** A plain TCP listener that answers like a RabbitMQ AMQP port (its protocol header, then it hangs up). */
async function plainAmqpPort(t: { after(fn: () => unknown): void }): Promise<number> {
  const server = createNetServer((sock) => {
    sock.on('error', () => {});
    sock.once('data', () => sock.end(Buffer.from('AMQP\x00\x00\x09\x01', 'latin1')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  return (server.address() as AddressInfo).port;
}

test('amqps:// to a plain port: one line, TLS handshake failed naming the port, a hint about the AMQP side, 69, no DeprecationWarning', async (t) => {
  const port = await plainAmqpPort(t);
  const warnings: Error[] = [];
  const onWarning = (w: Error) => warnings.push(w);
  process.on('warning', onWarning);
  t.after(() => process.off('warning', onWarning));
  const r = await runInProcess(['publish', '-k', 'q', 'x', '--amqp-url', `amqps://127.0.0.1:${port}`]);
  await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
  assert.equal(r.code, 69, r.stderr);
  assert.deepEqual(lines(r.stderr), [
    `rmqx: connect to AMQP broker: amqps://127.0.0.1:${port}: TLS handshake failed: is port ${port} a TLS port?`,
    "hint: amqps:// needs the broker's AMQP TLS listener (listeners.ssl, usually port 5671); for its plain AMQP port (usually 5672) use amqp://",
  ]);
  assert.deepEqual(warnings.map((w) => w.message), []);
});

test('https:// to a plain HTTP port: one line, TLS handshake failed naming the port, a hint about http://, 69', async (t) => {
  const server = createHttpServer((_req, res) => res.writeHead(200).end('[]'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  const port = (server.address() as AddressInfo).port;
  const r = await runInProcess(['vhost', 'list', '--url', `https://127.0.0.1:${port}`]);
  assert.equal(r.code, 69, r.stderr);
  assert.deepEqual(lines(r.stderr), [
    `rmqx: list vhosts: https://127.0.0.1:${port}: TLS handshake failed: is port ${port} a TLS port?`,
    "hint: https:// needs the management plugin's TLS listener (management.ssl.port, usually 15671); for its plain port (usually 15672) use http://",
  ]);
});

test('--insecure warns once on stderr when it skips a check; not for plain http', async (t) => {
  const url = await httpsStub(t);
  const r = await runInProcess(['vhost', 'list', '--url', url, '--insecure', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(lines(r.stderr), ["rmqx: warning: --insecure: the broker's TLS certificate is not verified; anyone on the path could pose as the broker (--cacert names its CA)"]);
  const env = await runInProcess(['vhost', 'list', '--url', url], { env: { RMQX_INSECURE: '1' } });
  assert.equal(env.stderr.match(/warning: --insecure/g)?.length, 1, env.stderr);
  const plain = await runInProcess(['vhost', 'list', '--url', 'http://127.0.0.1:1', '--insecure']);
  assert.doesNotMatch(plain.stderr, /warning/);
});

test('TLS alerts and names in words: a refused client certificate hints at --cert, a wrong host name at the name, OpenSSL reasons on one line', () => {
  const amqps = 'amqps://127.0.0.1:5671';
  const raw = '80EC875C797F0000:error:0A000418:SSL routines:ssl3_read_bytes:tlsv1 alert unknown ca:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 48\n';
  const alert = describeError(new NetworkError('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', amqps, raw, { op: 'connect to', kind: 'AMQP broker' }));
  assert.equal(alert.line, `connect to AMQP broker: ${amqps}: TLS handshake failed: the broker sent the alert 'unknown ca'`);
  assert.match(alert.hint ?? '', /client certificate \(--cert\)/);
  const required = describeError(new NetworkError('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', amqps, raw.replace('tlsv1 alert unknown ca', 'tlsv13 alert certificate required')));
  assert.match(required.hint ?? '', /requires a client certificate: give one with --cert and --key/);
  const name = describeError(new NetworkError('ERR_TLS_CERT_ALTNAME_INVALID', amqps, "Hostname/IP does not match certificate's altnames: IP: 127.0.0.1 is not in the cert's list: "));
  assert.match(name.hint ?? '', /not for the host name in the URL/);
  assert.doesNotMatch(name.hint ?? '', /--cacert/);
  // amqp:// at a TLS port: the listener hangs up (a FIN or, at times, a RST) before any AMQP frame
  for (const detail of ['Socket closed abruptly during opening handshake', 'read ECONNRESET']) {
    const plain = describeError(new NetworkError('ECONNRESET', 'amqp://127.0.0.1:5671', detail, { op: 'connect to', kind: 'AMQP broker' }));
    assert.equal(plain.hint, 'the broker hung up before the AMQP handshake: if port 5671 is its TLS listener, use amqps://');
  }
  const other = describeError(new NetworkError('ERR_SSL_NO_SHARED_CIPHER', amqps, raw.replace('tlsv1 alert unknown ca', 'no shared cipher')));
  assert.equal(other.line, `request: ${amqps}: ERR_SSL_NO_SHARED_CIPHER: no shared cipher`);
});
