// scripts/broker.mjs: start and stop PRIVATE, throwaway RabbitMQ nodes (one, or a 3-node
// cluster) for tests, benchmarks and the demo. Node 20, no npm dependencies.
//
// What it isolates, and why (facts measured on Debian 12, rabbitmq-server 3.10.8, Erlang 25, and
// on sid's 4.3.6 run from a chroot; see shared/DESIGN.md "Tests against a real broker"):
//  - Which RabbitMQ: a tier from scripts/runtime.mjs: `system` (this machine's package) or
//    `newest` (Debian sid's, run through chroot from a cached minimal root).
//  - Ports: AMQP, management HTTP, Erlang distribution and a private epmd (ERL_EPMD_PORT) are
//    all fresh free ports on 127.0.0.1, so a system broker on 5672/15672/4369/25672 is never
//    touched, and several test runs can each have their own node.
//  - Files: everything lives in one mkdtemp dir per node (inside the chroot for `newest`):
//    mnesia, logs, pid file, plugins file, config, and HOME with the .erlang.cookie, mode 0600
//    or the boot fails. The RABBITMQ_CONFIG_* and RABBITMQ_CONF_ENV_FILE variables point into
//    it, so /etc/rabbitmq is never read.
//  - Process: /usr/lib/rabbitmq/bin/rabbitmq-server (the /usr/sbin wrapper would switch to
//    the rabbitmq user and system cookie when run as root), in its own process group, which is
//    SIGKILLed on stop (data is throwaway; a clean stop takes 6-8 s, SIGKILL is instant).
//    epmd daemonizes out of that group, so it is killed with `epmd -kill`; it is started with
//    ERL_EPMD_RELAXED_COMMAND_CHECK so that the kill is always accepted.
//  - Clusters: the nodes of a cluster share a cookie and an epmd; the seed boots first, the
//    others name it through `cluster_formation.peer_discovery_backend = classic_config` and join
//    while booting. A node can be SIGKILLed and started again on the same data (fault tests).
//  - Orphans: each node or cluster is recorded in os.tmpdir()/rmqx-brokers/<owner-pid>-<name>.json;
//    every start sweeps those whose owner died (e.g. a SIGKILLed test run). A process 'exit'
//    hook and SIGINT/SIGTERM handlers stop the nodes of an owner that forgets to.
//  - Readiness: GET /api/overview (guest:guest) and an AMQP TCP connect both succeed, polled
//    every 200 ms; never a fixed sleep. The wrapper exits 0 on a failed boot, so "exited before
//    ready" is an error, reported with the tail of the node's log.
//
//  - TLS (opts.tls = { dir }): besides the plain listeners, an AMQP TLS listener and a management
//    TLS listener on two more free ports, with the CA, certificate and key found in `dir`
//    (ca.pem, server.pem, server.key unless named otherwise) copied into the node's own dir, so
//    that a `newest` node finds them inside its root. Peers are verified (verify_peer) when
//    they send a certificate; fail_if_no_peer_cert is false unless asked. certLogin: true adds
//    rabbitmq_auth_mechanism_ssl (EXTERNAL, user = the certificate's CN). The node then has
//    tlsUrl, amqpsUrl, amqpsPort and mgmtTlsPort too. The caller makes the files (openssl).
//
// Library: startBroker(opts), startCluster(opts), ensureInstalled({log}).
// CLI: node scripts/broker.mjs start|stop|status|env [--broker newest]   (a long-lived node)
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN_DIR, runtimeFor, releaseRoot } from './runtime.mjs';

const REGISTRY = path.join(os.tmpdir(), 'rmqx-brokers');
const SERVER = path.join(BIN_DIR, 'rabbitmq-server');
const CTL = path.join(BIN_DIR, 'rabbitmqctl');

/** The system tier's rabbitmq-server, installed with apt-get when missing and run as root. */
export async function ensureInstalled({ log = () => {} } = {}) {
  runtimeFor('system', { log });
  return SERVER;
}

// Reserve n distinct free ports: hold all listeners open at once, then release them.
async function freePorts(n) {
  const servers = await Promise.all(Array.from({ length: n }, () => new Promise((resolve, reject) => {
    const s = net.createServer().once('error', reject);
    s.listen(0, '127.0.0.1', () => resolve(s));
  })));
  const ports = servers.map((s) => s.address().port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
// A process group id is only "ours" if its leader is gone, a zombie (empty cmdline) or still
// the rabbitmq wrapper (or the chroot that runs it): guards against a pgid reused by an
// unrelated process after the node died.
function ourGroup(pgid) {
  if (!pgid || !alive(-pgid)) return false;
  try {
    const cmd = fs.readFileSync(`/proc/${pgid}/cmdline`, 'utf8');
    return cmd === '' || cmd.includes('rabbitmq');
  } catch { return true; }
}
function killGroup(pgid) {
  if (ourGroup(pgid)) try { process.kill(-pgid, 'SIGKILL'); } catch { /* already gone */ }
}
function runIn(root, cmd, args, opts = {}) {
  return root ? spawnSync('chroot', [root, cmd, ...args], opts) : spawnSync(cmd, args, opts);
}

// Synchronous teardown so it also works inside process.on('exit'). A record names every
// process group of a node or cluster, its epmd, its dirs and the root they live in.
function killRecord({ pgids = [], epmdPort, dirs = [], root, entry }) {
  for (const pgid of pgids) killGroup(pgid);
  if (epmdPort) runIn(root, 'epmd', ['-port', String(epmdPort), '-kill'],
    { stdio: 'ignore', timeout: 5000, env: { ...process.env, ERL_EPMD_PORT: String(epmdPort) } });
  for (const dir of dirs) if (dir) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  if (entry) fs.rmSync(entry, { force: true });
}

function sweepOrphans(log) {
  let names = [];
  try { names = fs.readdirSync(REGISTRY); } catch { return; }
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const entry = path.join(REGISTRY, name);
    try {
      if (process.getuid && fs.statSync(entry).uid !== process.getuid()) continue; // another user's
      const rec = JSON.parse(fs.readFileSync(entry, 'utf8'));
      // A persistent node (CLI `start`) has no owner: swept only once its process groups are gone.
      const orphan = rec.persistent ? !rec.pgids.some((g) => alive(-g)) : !alive(rec.ownerPid);
      if (!orphan) continue;
      log(`sweeping orphaned RabbitMQ ${rec.name} (owner ${rec.ownerPid} is gone)`);
      killRecord({ ...rec, entry });
    } catch { /* unreadable or half-written entry: leave it */ }
  }
}

/** Whether any live broker recorded by anyone still runs from this root. */
function rootInUse(root) {
  let names = [];
  try { names = fs.readdirSync(REGISTRY); } catch { return false; }
  return names.some((n) => {
    try {
      const rec = JSON.parse(fs.readFileSync(path.join(REGISTRY, n), 'utf8'));
      return rec.root === root && rec.pgids.some((g) => alive(-g));
    } catch { return false; }
  });
}

// GET path with guest:guest; resolves the parsed body on HTTP 200, else undefined.
function httpGet(url, pathname, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const req = http.get(`${url}${pathname}`, { auth: 'guest:guest', timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode !== 200) return resolve(undefined);
        try { resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))); } catch { resolve(undefined); }
      });
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}
const httpOk = async (url, timeoutMs) => (await httpGet(url, '/api/overview', timeoutMs)) !== undefined;
function tcpOk(port) {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    const done = (ok) => { sock.destroy(); resolve(ok); };
    sock.setTimeout(2000, () => done(false));
    sock.once('connect', () => done(true)).once('error', () => done(false));
  });
}
// The last n lines of the log; on a failed boot, the n lines ending at "BOOT FAILED" (the cause
// is logged just before it, then a long crash report follows).
function logTail(file, n = 20) {
  let lines;
  try { lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n'); } catch { return '(no log)'; }
  const failed = lines.findIndex((l) => l.includes('BOOT FAILED'));
  const end = failed >= 0 ? Math.min(lines.length, failed + 4) : lines.length;
  return lines.slice(Math.max(0, end - n), end).join('\n');
}

// Brokers of this process that must die with it, plus the hooks that do that.
const owned = new Map(); // broker or cluster -> registry record
let hooksInstalled = false;
let signalsInstalled = false;
function installHooks(handleSignals) {
  if (!hooksInstalled) {
    hooksInstalled = true;
    process.on('exit', () => { for (const rec of owned.values()) try { killRecord(rec); } catch { /* best effort */ } });
  }
  if (handleSignals && !signalsInstalled) {
    signalsInstalled = true;
    for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
      process.once(sig, async () => {
        await Promise.allSettled([...owned.keys()].map((b) => b.stop()));
        process.exit(code);
      });
    }
  }
}

function register(record) {
  if (!fs.existsSync(REGISTRY)) {
    fs.mkdirSync(REGISTRY, { recursive: true });
    try { fs.chmodSync(REGISTRY, 0o1777); } catch { /* shared like /tmp, if we created it */ }
  }
  fs.writeFileSync(record.entry, JSON.stringify(record) + '\n');
}

/**
 * One node's files and environment, not yet started. `seed` (a nodename) makes it join that
 * node's cluster while booting.
 */
async function prepareNode({ runtime, nodename, cookie, epmdPort, seed, plugins, tls }) {
  const [amqpPort, mgmtPort, distPort, amqpsPort, mgmtTlsPort] = await freePorts(tls ? 5 : 3);
  const base = runtime.root ? path.join(runtime.root, 'tmp') : os.tmpdir();
  const dir = await fs.promises.mkdtemp(path.join(base, 'rmqx-broker-'));
  const inner = runtime.root ? dir.slice(runtime.root.length) : dir; // the same dir as the node sees it
  const f = (name) => path.join(dir, name);
  const g = (name) => path.join(inner, name);
  fs.writeFileSync(f('.erlang.cookie'), cookie, { mode: 0o600 });
  fs.writeFileSync(f('enabled_plugins'), `[${plugins.join(',')}].\n`);
  fs.writeFileSync(f('rabbitmq-env.conf'), '# intentionally empty: keeps /etc/rabbitmq/rabbitmq-env.conf out\n');
  fs.writeFileSync(f('advanced.config'), '[].\n');
  const tlsLines = tls ? tlsConfig(tls, f, g, { amqpsPort, mgmtTlsPort }) : [];
  fs.writeFileSync(f('rabbitmq.conf'), [
    `listeners.tcp.default = 127.0.0.1:${amqpPort}`,
    `management.tcp.port = ${mgmtPort}`,
    'management.tcp.ip = 127.0.0.1',
    'collect_statistics_interval = 1000',
    'log.console = true',
    'log.console.level = warning',
    'log.console.use_colors = off',
    'log.file = false',
    ...(seed ? ['cluster_formation.peer_discovery_backend = classic_config', `cluster_formation.classic_config.nodes.1 = ${seed}`] : []),
    ...tlsLines,
    '',
  ].join('\n'));
  fs.mkdirSync(f('mnesia'));
  fs.mkdirSync(f('log'));
  const env = {
    HOME: inner,
    ERL_EPMD_PORT: String(epmdPort),
    ERL_EPMD_RELAXED_COMMAND_CHECK: '1',
    ERL_EPMD_ADDRESS: '127.0.0.1',
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
    RABBITMQ_NODENAME: nodename,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(amqpPort),
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_MNESIA_BASE: g('mnesia'),
    RABBITMQ_LOG_BASE: g('log'),
    RABBITMQ_PID_FILE: g('rabbitmq.pid'),
    RABBITMQ_ENABLED_PLUGINS_FILE: g('enabled_plugins'),
    RABBITMQ_ENABLED_PLUGINS: plugins.join(','),
    RABBITMQ_CONFIG_FILE: g('rabbitmq.conf'),
    RABBITMQ_CONFIG_FILES: g('conf.d'), // absent on purpose: no /etc/rabbitmq/conf.d/*
    RABBITMQ_ADVANCED_CONFIG_FILE: g('advanced.config'),
    RABBITMQ_CONF_ENV_FILE: g('rabbitmq-env.conf'),
  };
  return {
    nodename, dir, inner, amqpPort, mgmtPort, distPort, epmdPort, env,
    url: `http://127.0.0.1:${mgmtPort}`,
    amqpUrl: `amqp://guest:guest@127.0.0.1:${amqpPort}`,
    logFile: f('server.log'),
    ...(tls ? {
      amqpsPort, mgmtTlsPort,
      tlsUrl: `https://127.0.0.1:${mgmtTlsPort}`,
      amqpsUrl: `amqps://guest:guest@127.0.0.1:${amqpsPort}`,
    } : {}),
  };
}

/**
 * rabbitmq.conf lines for TLS listeners (AMQP and management), with the files of tls.dir
 * copied into the node's dir (f: path here, g: the same path as the node sees it).
 */
function tlsConfig(tls, f, g, { amqpsPort, mgmtTlsPort }) {
  const { dir, cacert = 'ca.pem', cert = 'server.pem', key = 'server.key', failIfNoPeerCert = false, certLogin = false } = tls;
  if (!dir) throw new Error('tls: { dir } names the directory with the CA, certificate and key');
  fs.mkdirSync(f('tls'), { mode: 0o700 });
  const files = {};
  for (const [name, mode] of [[cacert, 0o644], [cert, 0o644], [key, 0o600]]) {
    const to = f(path.join('tls', path.basename(name)));
    fs.copyFileSync(path.resolve(dir, name), to);
    fs.chmodSync(to, mode);
    files[name] = g(path.join('tls', path.basename(name)));
  }
  return [
    `listeners.ssl.default = 127.0.0.1:${amqpsPort}`,
    `ssl_options.cacertfile = ${files[cacert]}`,
    `ssl_options.certfile = ${files[cert]}`,
    `ssl_options.keyfile = ${files[key]}`,
    'ssl_options.verify = verify_peer',
    `ssl_options.fail_if_no_peer_cert = ${failIfNoPeerCert}`,
    `management.ssl.port = ${mgmtTlsPort}`,
    'management.ssl.ip = 127.0.0.1',
    `management.ssl.cacertfile = ${files[cacert]}`,
    `management.ssl.certfile = ${files[cert]}`,
    `management.ssl.keyfile = ${files[key]}`,
    'management.ssl.verify = verify_peer',
    `management.ssl.fail_if_no_peer_cert = ${failIfNoPeerCert}`,
    ...(certLogin ? ['auth_mechanisms.1 = PLAIN', 'auth_mechanisms.2 = AMQPLAIN', 'auth_mechanisms.3 = EXTERNAL', 'ssl_cert_login_from = common_name'] : []),
  ];
}

/** Spawn a prepared node in its own process group; `exited` is filled when it ends. */
function launch(runtime, node) {
  const out = fs.openSync(node.logFile, 'a');
  const [cmd, args] = runtime.exec(SERVER);
  const child = spawn(cmd, args, { cwd: node.dir, env: { ...process.env, ...node.env }, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  child.unref(); // never keeps the owner alive; the exit hook (or the CLI's stop) ends it
  const state = { pgid: child.pid, exited: null };
  child.on('exit', (code, signal) => { state.exited = { code, signal }; });
  child.on('error', (err) => { state.exited = { err }; });
  return state;
}

async function waitReady(node, state, { readyTimeoutMs, keepDir }) {
  const t0 = Date.now();
  const logSays = () => `; its log (${keepDir ? node.logFile : 'removed; keepDir: true keeps it'}) says:\n${logTail(node.logFile)}`;
  for (;;) {
    if (state.exited) {
      const e = state.exited;
      const why = e.err ? e.err.message : `code ${e.code}${e.signal ? `, signal ${e.signal}` : ''}`;
      throw new Error(`RabbitMQ node ${node.nodename} exited before it was ready (${why})${logSays()}`);
    }
    if (Date.now() - t0 > readyTimeoutMs) throw new Error(`RabbitMQ node ${node.nodename} not ready after ${readyTimeoutMs} ms${logSays()}`);
    const [h, t, ...tls] = await Promise.all([httpOk(node.url, 1000), tcpOk(node.amqpPort), ...(node.amqpsPort ? [tcpOk(node.amqpsPort), tcpOk(node.mgmtTlsPort)] : [])]);
    if (h && t && tls.every(Boolean)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

// shovel and federation (and their management extensions: /api/shovels, /api/federation-links)
// for rmqx shovel and rmqx federation: about +0.5 s a boot on 3.10.8 (5.3 → 5.8 s), nothing
// measurable on 4.3.6 (2.9 s either way)
const DEFAULT_PLUGINS = ['rabbitmq_management', 'rabbitmq_shovel', 'rabbitmq_shovel_management', 'rabbitmq_federation', 'rabbitmq_federation_management'];

/**
 * The plugins a tier's test nodes run: DEFAULT_PLUGINS, and rabbitmq_amqp1_0 on RabbitMQ 3.x,
 * where AMQP 1.0 (for shovels with an amqp10 end) is that plugin's. 4.x has AMQP 1.0 built in
 * and ships the plugin as a no-op stub ("Deprecated no-op AMQP 1.0 plugin"), so it is left out.
 */
export function defaultPlugins(runtime) {
  const major = Number(/^(\d+)\./.exec(runtime.version ?? '')?.[1] ?? NaN);
  const lib = path.join(runtime.root ?? '/', 'usr/lib/rabbitmq/lib');
  const has = (plugin) => {
    try {
      return fs.readdirSync(lib).some((server) => {
        try { return fs.readdirSync(path.join(lib, server, 'plugins')).some((f) => f.startsWith(`${plugin}-`)); } catch { return false; }
      });
    } catch { return false; }
  };
  return major < 4 && has('rabbitmq_amqp1_0') ? [...DEFAULT_PLUGINS, 'rabbitmq_amqp1_0'] : DEFAULT_PLUGINS;
}

/**
 * One private node. opts: tier ('system' | 'newest'), log, readyTimeoutMs, keepDir, persistent,
 * handleSignals, plugins, tls ({ dir, cacert, cert, key, failIfNoPeerCert, certLogin }: see the
 * top). Resolves a broker { url, amqpUrl, nodename, version, tier, stop() … }, and with tls
 * { tlsUrl, amqpsUrl, amqpsPort, mgmtTlsPort } too.
 */
export async function startBroker(opts = {}) {
  const cluster = await startCluster({ ...opts, size: 1 });
  const [node] = cluster.nodes;
  const { nodes, urls, amqpUrls, ...rest } = cluster;
  return { ...rest, ...node, stop: cluster.stop, kill: node.kill, start: node.start };
}

/**
 * `size` private nodes forming one cluster (3 by default). Resolves { nodes, urls, amqpUrls,
 * version, tier, root, stop() }; each node has { nodename, url, amqpUrl, kill(), start() }:
 * kill() SIGKILLs it and keeps its data, start() boots it again on the same data and waits.
 */
export async function startCluster(opts = {}) {
  const { log = () => {}, readyTimeoutMs = 90000, keepDir = false, persistent = false, size = 3, tier = 'system' } = opts;
  const runtime = runtimeFor(tier, { log });
  const tls = opts.tls;
  const plugins = [...(opts.plugins ?? defaultPlugins(runtime)), ...(tls?.certLogin ? ['rabbitmq_auth_mechanism_ssl'] : [])];
  sweepOrphans(log);
  const [epmdPort] = await freePorts(1);
  const cookie = crypto.randomBytes(20).toString('hex').toUpperCase();
  const name = `rmqx-${crypto.randomBytes(4).toString('hex')}`;
  const nodenames = Array.from({ length: size }, (_, i) => (size === 1 ? `${name}@localhost` : `${name}-${i + 1}@localhost`));
  const prepared = [];
  for (const nodename of nodenames) {
    prepared.push(await prepareNode({ runtime, nodename, cookie, epmdPort, seed: nodename === nodenames[0] ? undefined : nodenames[0], plugins, tls }));
  }
  const entry = path.join(REGISTRY, `${persistent ? 0 : process.pid}-${name}.json`);
  const record = {
    ownerPid: persistent ? 0 : process.pid, persistent, name, root: runtime.root, epmdPort, entry,
    pgids: [], dirs: keepDir ? [] : prepared.map((n) => n.dir),
  };
  const states = new Map();
  const save = () => { record.pgids = [...states.values()].map((s) => s.pgid); register(record); };

  let stopped = false;
  const cluster = {
    record,
    tier: runtime.tier, root: runtime.root, version: runtime.version, epmdPort,
    nodes: [], urls: prepared.map((n) => n.url), amqpUrls: prepared.map((n) => n.amqpUrl),
    async stop() {
      if (stopped) return;
      stopped = true;
      owned.delete(cluster);
      const t = Date.now();
      killRecord(record);
      if (runtime.root && !rootInUse(runtime.root)) releaseRoot(runtime.root);
      log(`stopped RabbitMQ ${name} in ${((Date.now() - t) / 1000).toFixed(2)} s`);
    },
  };
  for (const node of prepared) {
    cluster.nodes.push({
      ...node,
      /** SIGKILL this node; its data stays for start() */
      kill() {
        const s = states.get(node.nodename);
        if (s) killGroup(s.pgid);
      },
      /**
       * rabbitmqctl ARGS against this node (through the tier's root): { status, stdout, stderr }.
       * A file the node must read goes in node.dir and is named by its path inside: node.inner.
       */
      ctl(args, { timeoutMs = 120000 } = {}) {
        const [cmd, a] = runtime.exec(CTL, ['-n', node.nodename, ...args]);
        return spawnSync(cmd, a, { env: { ...process.env, ...node.env }, encoding: 'utf8', timeout: timeoutMs });
      },
      /** boot this node again (after kill()) and wait until it answers */
      async start() {
        const s = launch(runtime, node);
        states.set(node.nodename, s);
        save();
        await waitReady(node, s, { readyTimeoutMs, keepDir });
      },
    });
  }
  if (!persistent) { owned.set(cluster, record); installHooks(opts.handleSignals !== false); }

  const t0 = Date.now();
  log(`starting ${size === 1 ? 'RabbitMQ node' : `a ${size}-node RabbitMQ cluster`} ${name} (${runtime.tier}${runtime.version ? `, rabbitmq-server ${runtime.version}` : ''})`);
  try {
    const [seed, ...others] = cluster.nodes;
    await seed.start();
    await Promise.all(others.map((n) => n.start()));
    if (size > 1) await clustered(seed, nodenames, readyTimeoutMs - (Date.now() - t0));
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${cluster.urls.join(' ')}`);
  return cluster;
}

/** Wait until the seed's /api/nodes shows every node running. */
async function clustered(seed, nodenames, timeoutMs) {
  const t0 = Date.now();
  for (;;) {
    const nodes = await httpGet(seed.url, '/api/nodes?columns=name,running');
    const running = new Set((nodes ?? []).filter((n) => n.running).map((n) => n.name));
    if (nodenames.every((n) => running.has(n))) return;
    if (Date.now() - t0 > timeoutMs) throw new Error(`cluster did not form: running ${[...running].join(', ') || 'none'} of ${nodenames.join(', ')}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

// ---- CLI: a long-lived node for the demo and manual testing -------------------------------
function stateFile() {
  if (process.env.RMQX_BROKER_STATE) return process.env.RMQX_BROKER_STATE;
  const base = process.env.XDG_STATE_HOME || path.join(os.homedir(), '.local', 'state');
  return path.join(base, 'rmqx', 'broker.json');
}
function readState() {
  try { return JSON.parse(fs.readFileSync(stateFile(), 'utf8')); } catch { return null; }
}
const exportLines = (s) => `export RMQX_URL=${s.url}\nexport RMQX_AMQP_URL=${s.amqpUrl}\n`;
const answers = async (s) => !!s && (await httpOk(s.url)) && (await tcpOk(s.amqpPort));
function removeState(s) {
  // the registry entry has the latest process groups (a restart changes them)
  let rec = s.record ?? {};
  try { rec = JSON.parse(fs.readFileSync(rec.entry, 'utf8')); } catch { /* gone: use the copy */ }
  killRecord(rec);
  if (rec.root && !rootInUse(rec.root)) releaseRoot(rec.root);
  fs.rmSync(stateFile(), { force: true });
}
const flagValue = (argv, flag) => { const i = argv.indexOf(flag); return i >= 0 ? argv[i + 1] : undefined; };

async function main(cmd, argv) {
  const note = (line) => process.stderr.write(`broker: ${line}\n`);
  const s = readState();
  switch (cmd) {
    case 'start': {
      if (await answers(s)) {
        note(`already running: ${s.nodename} (state in ${stateFile()})`);
        process.stdout.write(exportLines(s));
        return 0;
      }
      if (s) { note(`removing stale state for ${s.nodename}`); removeState(s); }
      const tier = flagValue(argv, '--broker') ?? process.env.RMQX_TEST_BROKER ?? 'system';
      const b = await startBroker({ log: note, persistent: true, tier });
      const state = { nodename: b.nodename, url: b.url, amqpUrl: b.amqpUrl, amqpPort: b.amqpPort, tier: b.tier, version: b.version, record: b.record };
      fs.mkdirSync(path.dirname(stateFile()), { recursive: true });
      fs.writeFileSync(stateFile(), JSON.stringify(state, null, 2) + '\n');
      note(`state in ${stateFile()}; stop it with: node scripts/broker.mjs stop`);
      process.stdout.write(exportLines(b));
      return 0;
    }
    case 'stop':
      if (!s) { note('no broker recorded'); return 0; }
      removeState(s);
      note(`stopped ${s.nodename}`);
      return 0;
    case 'status': {
      if (!s) { note(`no broker recorded in ${stateFile()}`); return 1; }
      const ok = await answers(s);
      process.stdout.write(JSON.stringify({ ...s, running: ok }, null, 2) + '\n');
      note(ok ? `${s.nodename} is running` : `${s.nodename} does not answer`);
      return ok ? 0 : 1;
    }
    case 'env':
      if (!(await answers(s))) { note('no running broker (start one: node scripts/broker.mjs start)'); return 1; }
      process.stdout.write(exportLines(s));
      return 0;
    default:
      process.stderr.write([
        'usage: node scripts/broker.mjs <command> [--broker system|newest]',
        '  start   start a private RabbitMQ node that outlives this script; prints export lines',
        '          (eval "$(node scripts/broker.mjs start)"); --broker newest runs Debian sid\'s',
        '          rabbitmq-server from a cached chroot (made on first use, as root)',
        '  stop    stop it and remove its files',
        '  status  print its state; exit 0 if it answers, 1 if not',
        '  env     print the export lines of the running node',
        `state file: ${stateFile()} (override with RMQX_BROKER_STATE)`,
        '',
      ].join('\n'));
      return 2;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv[2], process.argv.slice(3)).then((code) => process.exit(code), (err) => {
    process.stderr.write(`broker: ${err.message}\n`);
    process.exit(1);
  });
}
