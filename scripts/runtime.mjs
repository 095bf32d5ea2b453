// scripts/runtime.mjs: where a test broker's RabbitMQ comes from. Two tiers, both Debian's own
// packages, nothing hard-coded about either's version:
//
//  - system: this machine's `rabbitmq-server` (3.10.8 on bookworm, 4.0.5 on trixie), installed
//    with apt-get when missing and we are root.
//  - newest: `rabbitmq-server` from Debian sid (the newest RabbitMQ Debian packages), whose
//    Erlang needs a newer glibc than stable's, so it runs from a minimal sid root made with
//    `debootstrap --variant=minbase`, from the mirror this machine's apt sources name. The root
//    is cached under the package version it holds (about 30-95 s and 400 MB to make, seconds to
//    reuse). Inside it: /proc is mounted and /etc/hosts copied before a node starts (without
//    hosts the node fails with `epmd nxdomain`), and the node runs through `chroot`.
//
// A tier that cannot be had (not root, no debootstrap and no apt, no mirror) throws a
// TierUnavailable whose message says why; the test runner turns that into a skip with the reason.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const BIN_DIR = '/usr/lib/rabbitmq/bin';
export const TIERS = ['system', 'newest'];

export class TierUnavailable extends Error {
  constructor(tier, why) {
    super(`broker tier '${tier}' is not available: ${why}`);
    this.name = 'TierUnavailable';
    this.tier = tier;
  }
}

const isRoot = () => process.getuid?.() === 0;
const aptInstall = (pkgs) => spawnSync('sh', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkgs.join(' ')} >/dev/null`],
  { stdio: ['ignore', 'ignore', 'inherit'] }).status === 0;

/** Install Debian packages when run as root; false (and nothing done) otherwise. */
export function installPackages(pkgs, { log = () => {} } = {}) {
  if (!isRoot()) return false;
  log(`installing ${pkgs.join(', ')} with apt-get`);
  return aptInstall(pkgs);
}

/** The cache folder for sid roots: RMQX_BROKER_CACHE, else $XDG_CACHE_HOME/rmqx, else ~/.cache/rmqx. */
export function cacheDir() {
  if (process.env.RMQX_BROKER_CACHE) return process.env.RMQX_BROKER_CACHE;
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'rmqx');
}

/**
 * The Debian mirror this machine's apt uses, read from /etc/apt (deb822 .sources files first,
 * then one-line sources.list), skipping security archives. Undefined when none is found.
 */
export function aptMirror(etc = '/etc/apt') {
  const files = [];
  const dir = path.join(etc, 'sources.list.d');
  try { for (const f of fs.readdirSync(dir).sort()) if (/\.(sources|list)$/.test(f)) files.push(path.join(dir, f)); } catch { /* none */ }
  files.push(path.join(etc, 'sources.list'));
  for (const file of files) {
    let text;
    try { text = fs.readFileSync(file, 'utf8'); } catch { continue; }
    const candidates = file.endsWith('.sources')
      ? text.split(/\n\s*\n/).filter((stanza) => /^Types:.*\bdeb\b/m.test(stanza) && !/^Enabled:\s*no/im.test(stanza))
        .flatMap((stanza) => (stanza.match(/^URIs:\s*(.+)$/m)?.[1] ?? '').split(/\s+/))
      : [...text.matchAll(/^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)/gm)].map((m) => m[1]);
    const mirror = candidates.find((u) => /^https?:\/\//.test(u) && !/security/.test(u));
    if (mirror) return mirror.replace(/\/+$/, '');
  }
  return undefined;
}

/** The version of a package inside a root (or on this machine with root = '/'). */
function packageVersion(root, pkg) {
  const args = root === '/' ? ['-W', '-f=${Version}', pkg] : [root, 'dpkg-query', '-W', '-f=${Version}', pkg];
  const r = spawnSync(root === '/' ? 'dpkg-query' : 'chroot', args, { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

const READY = '.rmqx-root.json';
const MAX_AGE_DAYS = Number(process.env.RMQX_NEWEST_MAX_AGE_DAYS ?? 7);

function cachedRoots(base) {
  let names = [];
  try { names = fs.readdirSync(base); } catch { return []; }
  const roots = [];
  for (const n of names) {
    if (!n.startsWith('sid-rabbitmq-')) continue;
    try {
      const meta = JSON.parse(fs.readFileSync(path.join(base, n, READY), 'utf8'));
      roots.push({ dir: path.join(base, n), ...meta });
    } catch { /* half-made: not ready */ }
  }
  return roots.sort((a, b) => b.builtAt - a.builtAt);
}

export function procMounted(root) {
  try {
    const target = path.join(fs.realpathSync(root), 'proc');
    return fs.readFileSync('/proc/mounts', 'utf8').split('\n').some((l) => l.split(' ')[1] === target);
  } catch { return false; }
}

/** Mount proc in a root and copy this machine's /etc/hosts into it: a node needs both. */
export function prepareRoot(root) {
  if (!procMounted(root)) {
    const r = spawnSync('mount', ['-t', 'proc', 'proc', path.join(root, 'proc')], { encoding: 'utf8' });
    if (r.status !== 0) throw new TierUnavailable('newest', `mount proc in ${root} failed: ${r.stderr.trim()}`);
  }
  fs.copyFileSync('/etc/hosts', path.join(root, 'etc', 'hosts'));
}

/** Unmount a root's proc (lazily, so a node still dying does not block it). */
export function releaseRoot(root) {
  if (procMounted(root)) spawnSync('umount', ['-l', path.join(root, 'proc')], { stdio: 'ignore' });
}

/** Remove a root, never while proc is mounted in it (rm -rf would walk into /proc). */
function removeRoot(root) {
  releaseRoot(root);
  if (procMounted(root)) return;
  fs.rmSync(root, { recursive: true, force: true });
}

/**
 * A ready sid root with rabbitmq-server (and rabbitmqadmin-ng, the peer the bench compares
 * against, and ca-certificates, without which it cannot build its HTTP client). Reuses the
 * newest cached root younger than RMQX_NEWEST_MAX_AGE_DAYS (7); RMQX_NEWEST_REFRESH=1 makes a
 * new one. Older roots are removed once a newer one is ready.
 */
export function ensureNewestRoot({ log = () => {} } = {}) {
  const base = cacheDir();
  const cached = cachedRoots(base);
  const fresh = cached.find((r) => Date.now() - r.builtAt < MAX_AGE_DAYS * 86400e3);
  if (fresh && process.env.RMQX_NEWEST_REFRESH !== '1') return fresh;
  if (!isRoot()) throw new TierUnavailable('newest', 'making a Debian sid root needs root (debootstrap, chroot and mount)');
  if (!fs.existsSync('/usr/sbin/debootstrap') && !installPackages(['debootstrap'], { log })) {
    throw new TierUnavailable('newest', 'debootstrap is not installed and apt-get could not install it');
  }
  const mirror = aptMirror();
  if (!mirror) throw new TierUnavailable('newest', 'no Debian mirror found in /etc/apt/sources.list(.d)');
  fs.mkdirSync(base, { recursive: true });
  const tmp = path.join(base, `building-${process.pid}`);
  if (fs.existsSync(tmp)) removeRoot(tmp);
  log(`making a Debian sid root with rabbitmq-server from ${mirror} (about 30-95 s, 400 MB) in ${base}`);
  const t0 = Date.now();
  const r = spawnSync('debootstrap', ['--variant=minbase', '--include=rabbitmq-server,rabbitmqadmin-ng,ca-certificates', 'sid', tmp, mirror],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  if (r.status !== 0) {
    const tail = `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-5).join('\n');
    removeRoot(tmp);
    throw new TierUnavailable('newest', `debootstrap failed (exit ${r.status}):\n${tail}`);
  }
  const version = packageVersion(tmp, 'rabbitmq-server');
  if (!version) { removeRoot(tmp); throw new TierUnavailable('newest', 'the sid root has no rabbitmq-server'); }
  const dir = path.join(base, `sid-rabbitmq-${version}`);
  const meta = { version, builtAt: Date.now(), mirror, seconds: Math.round((Date.now() - t0) / 1000) };
  if (fs.existsSync(dir)) removeRoot(dir);
  fs.writeFileSync(path.join(tmp, READY), JSON.stringify(meta) + '\n');
  fs.renameSync(tmp, dir);
  for (const old of cached) if (old.dir !== dir) removeRoot(old.dir);
  log(`sid root with rabbitmq-server ${version} ready in ${meta.seconds} s: ${dir}`);
  return { dir, ...meta };
}

/**
 * How to run RabbitMQ for a tier: { tier, root, version, exec(bin, args) → [command, args] }.
 * `root` is null for the system tier. Installs what is missing when it can.
 */
export function runtimeFor(tier = 'system', { log = () => {} } = {}) {
  if (!TIERS.includes(tier)) throw new Error(`unknown broker tier '${tier}' (${TIERS.join(' or ')})`);
  if (tier === 'system') {
    const bin = path.join(BIN_DIR, 'rabbitmq-server');
    if (!fs.existsSync(bin)) {
      if (!isRoot()) throw new TierUnavailable('system', `${bin} not found: install RabbitMQ first (sudo apt-get install -y rabbitmq-server)`);
      log('installing rabbitmq-server with apt-get (about 10 s)');
      if (!aptInstall(['rabbitmq-server']) || !fs.existsSync(bin)) throw new TierUnavailable('system', 'apt-get install rabbitmq-server failed');
    }
    return { tier, root: null, version: packageVersion('/', 'rabbitmq-server'), exec: (cmd, args = []) => [cmd, args] };
  }
  const r = ensureNewestRoot({ log });
  prepareRoot(r.dir);
  return { tier, root: r.dir, version: r.version, exec: (cmd, args = []) => ['chroot', [r.dir, cmd, ...args]] };
}
