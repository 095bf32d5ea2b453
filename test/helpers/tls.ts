/**
 * Certificates for the TLS tests, made with openssl at run time in a temporary directory (never
 * committed): a test CA; server certificates signed by it for chosen names; a client
 * certificate whose CN is a broker user (rabbitmq_auth_mechanism_ssl logs it in by that); and a
 * client certificate from another CA that no broker trusts.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** The CN of the client certificate: the user the broker logs in by certificate. */
export const CLIENT_CN = 'rmqx-cert-user';

export interface Certs {
  dir: string;
  /** the test CA (what --cacert is given) */
  ca: string;
  /** client certificate and key signed by the test CA, CN = CLIENT_CN */
  clientCert: string;
  clientKey: string;
  /** a client certificate and key signed by a CA no broker trusts */
  rogueCert: string;
  rogueKey: string;
  /** another CA, which signed nothing the brokers present */
  otherCa: string;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A self-signed CA: NAME.pem and NAME.key in dir. */
function makeCa(dir: string, name: string, cn: string): void {
  writeFileSync(path.join(dir, `${name}.cnf`), [
    '[req]', 'distinguished_name = dn', 'prompt = no', '[dn]', `CN = ${cn}`,
    '[ext]', 'basicConstraints = critical, CA:TRUE', 'keyUsage = critical, keyCertSign, cRLSign', 'subjectKeyIdentifier = hash', '',
  ].join('\n'));
  openssl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-config', `${name}.cnf`, '-extensions', 'ext', '-keyout', `${name}.key`, '-out', `${name}.pem`]);
}

/** A leaf certificate NAME.pem / NAME.key signed by the CA `ca`, with these extensions. */
function makeLeaf(dir: string, ca: string, name: string, cn: string, ext: string[]): void {
  writeFileSync(path.join(dir, `${name}.ext`), ['basicConstraints = CA:FALSE', 'authorityKeyIdentifier = keyid', ...ext, ''].join('\n'));
  openssl(dir, ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', `/CN=${cn}`, '-keyout', `${name}.key`, '-out', `${name}.csr`]);
  openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-set_serial', `0x${randomBytes(8).toString('hex')}`, '-days', '2', '-extfile', `${name}.ext`, '-out', `${name}.pem`]);
}

/**
 * A server certificate for `names` (IP addresses and DNS names) signed by the test CA in dir:
 * NAME.pem and NAME.key, next to ca.pem.
 */
export function makeServerCert(dir: string, name: string, names: string[]): void {
  const san = names.map((n) => (/^[\d.]+$|:/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(', ');
  makeLeaf(dir, 'ca', name, `rmqx test server ${names[0]}`, [`subjectAltName = ${san}`, 'keyUsage = critical, digitalSignature', 'extendedKeyUsage = serverAuth']);
}

/**
 * The test CA (ca.pem), a server certificate for 127.0.0.1 and localhost (server.pem,
 * server.key: what scripts/broker.mjs's `tls: { dir }` reads), the client certificates, and a
 * second CA.
 */
export function makeCerts(dir: string): Certs {
  makeCa(dir, 'ca', 'rmqx test CA');
  makeServerCert(dir, 'server', ['127.0.0.1', 'localhost']);
  const client = ['keyUsage = critical, digitalSignature', 'extendedKeyUsage = clientAuth'];
  makeLeaf(dir, 'ca', 'client', CLIENT_CN, client);
  makeCa(dir, 'other-ca', 'rmqx untrusted CA');
  makeLeaf(dir, 'other-ca', 'rogue', 'rmqx-rogue', client);
  const p = (f: string) => path.join(dir, f);
  return { dir, ca: p('ca.pem'), clientCert: p('client.pem'), clientKey: p('client.key'), rogueCert: p('rogue.pem'), rogueKey: p('rogue.key'), otherCa: p('other-ca.pem') };
}
