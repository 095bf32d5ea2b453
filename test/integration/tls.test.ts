/**
 * TLS end to end against real brokers (issue 14, item 6). The certificates are made here with
 * openssl, in a temporary directory (test/helpers/tls.ts): a test CA, a server certificate for
 * 127.0.0.1 and localhost, a client certificate whose CN is a broker user, and one from a CA no
 * broker trusts. Two private nodes of the tier scripts/test.mjs chose (scripts/broker.mjs,
 * `tls: { dir }`) listen for AMQP and the management API over TLS besides their plain ports:
 *  - `main` presents the certificate for 127.0.0.1 and localhost, verifies a client certificate
 *    when one is sent (verify_peer, fail_if_no_peer_cert false) and logs in by certificate
 *    (rabbitmq_auth_mechanism_ssl, ssl_cert_login_from = common_name);
 *  - `named` presents a certificate for localhost only, for the host-name checks.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBroker, type Broker, type Tier } from '../../scripts/broker.mjs';
import { rmqx, unique } from '../helpers/cli.js';
import { CLIENT_CN, makeCerts, makeServerCert, type Certs } from '../helpers/tls.js';

const TIER = (process.env.RMQX_TEST_BROKER ?? 'system') as Tier;
const log = (line: string) => process.stderr.write(`[broker] ${line}\n`);

let certs: Certs;
let main: Broker;
let named: Broker;
const queue = unique('tls');

before(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rmqx-tls-'));
  certs = makeCerts(dir);
  makeServerCert(dir, 'server-localhost', ['localhost']);
  [main, named] = await Promise.all([
    startBroker({ tier: TIER, log, tls: { dir, certLogin: true } }),
    startBroker({ tier: TIER, log, tls: { dir, cert: 'server-localhost.pem', key: 'server-localhost.key' } }),
  ]);
  // the user the client certificate names: no password, so only the certificate logs it in
  await api(main, 'PUT', `/api/users/${CLIENT_CN}`, { password_hash: '', tags: '' });
  await api(main, 'PUT', `/api/permissions/%2F/${CLIENT_CN}`, { configure: '.*', write: '.*', read: '.*' });
  await api(main, 'PUT', `/api/queues/%2F/${queue}`, { durable: false });
});
after(async () => {
  await Promise.all([main?.stop(), named?.stop()]);
  if (certs) rmSync(certs.dir, { recursive: true, force: true });
});

/** The node's plain management API as guest, to set it up and check it, independent of rmqx. */
async function api(b: Broker, method: string, p: string, body?: unknown): Promise<unknown> {
  const res = await fetch(b.url + p, {
    method,
    headers: { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.status < 300, `${method} ${p}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** rmqx ARGS with the management URL and AMQP URL given (TLS or not, per test). */
function run(url: string, amqpUrl: string, args: string[]) {
  return rmqx(args, { env: { RMQX_URL: url, RMQX_AMQP_URL: amqpUrl } });
}

/** stderr as lines, without the trailing empty one. */
const lines = (stderr: string) => stderr.replace(/\n$/, '').split('\n').filter((l) => l !== '');

/** One error line and one hint line, nothing else (no DeprecationWarning, no raw OpenSSL text). */
function oneError(r: { code: number; stderr: string }, code: number, line: RegExp, hint: RegExp): void {
  assert.equal(r.code, code, r.stderr);
  const [first, second, ...rest] = lines(r.stderr);
  assert.match(first ?? '', line, r.stderr);
  assert.match(second ?? '', hint, r.stderr);
  assert.deepEqual(rest, [], r.stderr);
}

const vhostList = (url: string, ...extra: string[]) => run(url, main.amqpUrl, ['vhost', 'list', ...extra]);
const publish = (amqpUrl: string, body: string, ...extra: string[]) => run(main.url, amqpUrl, ['publish', '-k', queue, body, ...extra]);
const tlsUrl = () => main.tlsUrl as string;
const amqpsUrl = () => main.amqpsUrl as string;
const ca = () => ['--cacert', certs.ca];

/** The messages in the test queue (payload, user_id), taken off it through the plain port. */
async function drain(): Promise<Array<{ payload: string; userId?: string }>> {
  const r = await run(main.url, main.amqpUrl, ['get', queue, '--ack', '--count', '100', '--json']);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { payload: string; properties: { user_id?: string } })
    .map((m) => (m.properties.user_id === undefined ? { payload: m.payload } : { payload: m.payload, userId: m.properties.user_id }));
}

test('verification is on by default: a certificate from an unknown CA is 69 with a hint naming --cacert (https and amqps)', async () => {
  oneError(await vhostList(tlsUrl()), 69, /^rmqx: list vhosts: https:\/\/127\.0\.0\.1:\d+: .*(SELF_SIGNED|UNABLE_TO_VERIFY)/, /^hint: .*--cacert/);
  oneError(await publish(amqpsUrl(), 'x'), 69, /^rmqx: connect to AMQP broker: amqps:\/\/127\.0\.0\.1:\d+: .*(SELF_SIGNED|UNABLE_TO_VERIFY)/, /^hint: .*--cacert/);
  // another CA is no better
  const other = await vhostList(tlsUrl(), '--cacert', certs.otherCa);
  assert.equal(other.code, 69, other.stderr);
  assert.match(other.stderr, /hint: .*--cacert/);
});

test('--cacert makes both work: the management API over https, a message over amqps', async () => {
  const v = await vhostList(tlsUrl(), ...ca());
  assert.equal(v.code, 0, v.stderr);
  assert.equal(v.stdout.split('\t')[0], '/');
  assert.equal(v.stderr, '');
  const p = await publish(amqpsUrl(), 'over-amqps', ...ca());
  assert.equal(p.code, 0, p.stderr);
  assert.deepEqual(await drain(), [{ payload: 'over-amqps' }]);
  // the name in the URL may be either of the certificate's: localhost too
  const byName = await vhostList(tlsUrl().replace('127.0.0.1', 'localhost'), ...ca());
  assert.equal(byName.code, 0, byName.stderr);
});

test('a client certificate is sent when given: the broker logs its user in by it (EXTERNAL), and refuses one from an unknown CA', async () => {
  const external = `${amqpsUrl()}?auth_mechanism=external`;
  const cert = ['--cert', certs.clientCert, '--key', certs.clientKey];
  // --user-id is checked by the broker against the connection's user: only the certificate's
  // user (who has no password) may publish with its name
  const p = await publish(external, 'by-certificate', ...ca(), ...cert, '--user-id', CLIENT_CN, '--verbose');
  assert.equal(p.code, 0, p.stderr);
  assert.match(p.stderr, new RegExp(`AMQP connected to amqps://127\\.0\\.0\\.1:\\d+ vhost '/' as ${CLIENT_CN} \\(by its certificate\\)`));
  assert.deepEqual(await drain(), [{ payload: 'by-certificate', userId: CLIENT_CN }]);
  // without the certificate, EXTERNAL has nobody to log in
  oneError(await publish(external, 'x', ...ca()), 77, /^rmqx: connect to AMQP broker .*ACCESS_REFUSED.*EXTERNAL/, /^hint: .*--cert and --key/);
  // guest by password cannot claim the certificate's user
  const claim = await publish(amqpsUrl(), 'x', ...ca(), ...cert, '--user-id', CLIENT_CN);
  assert.notEqual(claim.code, 0, claim.stderr);

  // a certificate the broker does not trust (verify_peer) fails the handshake, on both
  // protocols, while no certificate at all passes: so rmqx sends the one it is given
  const rogue = ['--cert', certs.rogueCert, '--key', certs.rogueKey];
  oneError(await vhostList(tlsUrl(), ...ca(), ...rogue), 69, /TLS handshake failed: the broker sent the alert 'unknown ca'$/, /^hint: .*client certificate \(--cert\)/);
  oneError(await publish(amqpsUrl(), 'x', ...ca(), ...rogue), 69, /TLS handshake failed: the broker sent the alert 'unknown ca'$/, /^hint: .*client certificate \(--cert\)/);
  const good = await vhostList(tlsUrl(), ...ca(), ...cert);
  assert.equal(good.code, 0, good.stderr);
});

test('--insecure works without --cacert and warns once on stderr', async () => {
  const warning = /^rmqx: warning: --insecure: the broker's TLS certificate is not verified/;
  const v = await vhostList(tlsUrl(), '--insecure');
  assert.equal(v.code, 0, v.stderr);
  assert.equal(v.stdout.split('\t')[0], '/');
  assert.equal(lines(v.stderr).length, 1, v.stderr);
  assert.match(v.stderr, warning);
  // both protocols in one run (and RMQX_INSECURE): still one warning
  const p = await rmqx(['publish', '-k', queue, 'insecure', '--quiet'], { env: { RMQX_URL: tlsUrl(), RMQX_AMQP_URL: amqpsUrl(), RMQX_INSECURE: '1' } });
  assert.equal(p.code, 0, p.stderr);
  assert.equal(lines(p.stderr).filter((l) => warning.test(l)).length, 1, p.stderr);
  assert.deepEqual(lines(p.stderr), lines(p.stderr).filter((l) => warning.test(l)));
  assert.deepEqual(await drain(), [{ payload: 'insecure' }]);
});

test('a host name the certificate does not list fails, even with the right CA; the name it lists works', async () => {
  const https = named.tlsUrl as string;
  const amqps = named.amqpsUrl as string;
  const onNamed = (url: string, amqpUrl: string, args: string[]) => run(url, amqpUrl, [...args, ...ca()]);
  const hint = /^hint: the broker's certificate is not for the host name in the URL/;
  oneError(await onNamed(https, named.amqpUrl, ['vhost', 'list']), 69, /^rmqx: list vhosts: https:\/\/127\.0\.0\.1:\d+: ERR_TLS_CERT_ALTNAME_INVALID: .*127\.0\.0\.1/, hint);
  oneError(await onNamed(named.url, amqps, ['publish', '-k', queue, 'x']), 69, /^rmqx: connect to AMQP broker: amqps:\/\/127\.0\.0\.1:\d+: ERR_TLS_CERT_ALTNAME_INVALID/, hint);
  const byName = await onNamed(https.replace('127.0.0.1', 'localhost'), named.amqpUrl, ['vhost', 'list']);
  assert.equal(byName.code, 0, byName.stderr);
  const amqpsByName = await onNamed(named.url, amqps.replace('127.0.0.1', 'localhost'), ['publish', '-k', 'nowhere', 'x']);
  assert.equal(amqpsByName.code, 0, amqpsByName.stderr);
});

test('amqps:// to the plain AMQP port and https:// to the plain HTTP port: one line naming the port, 69, a hint about that side', async () => {
  const amqpPort = new URL(main.amqpUrl).port;
  const a = await publish(`amqps://guest:guest@127.0.0.1:${amqpPort}`, 'x', ...ca());
  oneError(a, 69, new RegExp(`^rmqx: connect to AMQP broker: amqps://127\\.0\\.0\\.1:${amqpPort}: TLS handshake failed: is port ${amqpPort} a TLS port\\?$`), /^hint: amqps:\/\/ needs the broker's AMQP TLS listener/);
  assert.doesNotMatch(a.stderr, /DeprecationWarning|management plugin|SSL routines/);
  const httpPort = new URL(main.url).port;
  const h = await vhostList(`https://127.0.0.1:${httpPort}`, ...ca());
  oneError(h, 69, new RegExp(`^rmqx: list vhosts: https://127\\.0\\.0\\.1:${httpPort}: TLS handshake failed: is port ${httpPort} a TLS port\\?$`), /^hint: https:\/\/ needs the management plugin's TLS listener/);
  // the other way round: plain clients at the TLS ports say to use TLS
  const plainAmqp = await publish(`amqp://guest:guest@127.0.0.1:${main.amqpsPort}`, 'x');
  assert.equal(plainAmqp.code, 69, plainAmqp.stderr);
  assert.match(plainAmqp.stderr, /hint: .*use amqps:\/\//);
  const plainHttp = await vhostList(`http://127.0.0.1:${main.mgmtTlsPort}`);
  assert.equal(plainHttp.code, 69, plainHttp.stderr);
  assert.match(plainHttp.stderr, /hint: .*use https:\/\//);
});
