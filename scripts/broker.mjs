// scripts/broker.mjs: start and stop a PRIVATE, throwaway RabbitMQ node for tests,
// benchmarks and the demo. Node 20, no npm dependencies.
//
// What it isolates, and why (facts measured on Debian 12, rabbitmq-server 3.10.8, Erlang 25;
// see /work/shared/DESIGN.md "Tests against a real broker"):
//  - Ports: AMQP, management HTTP, Erlang distribution and a private epmd (ERL_EPMD_PORT) are
//    all fresh free ports on 127.0.0.1, so a system broker on 5672/15672/4369/25672 is never
//    touched, and several test runs can each have their own node.
//  - Files: everything lives in one mkdtemp dir (mnesia, logs, pid file, plugins file, config,
//    and HOME with a random .erlang.cookie, mode 0600 or the boot fails). The RABBITMQ_CONFIG_*
//    and RABBITMQ_CONF_ENV_FILE variables point into it, so /etc/rabbitmq is never read.
//  - Process: /usr/lib/rabbitmq/bin/rabbitmq-server (the /usr/sbin wrapper would switch to
//    the rabbitmq user and system cookie when run as root), in its own process group, which is
//    SIGKILLed on stop (data is throwaway; a clean stop takes 6-8 s, SIGKILL is instant).
//    epmd daemonizes out of that group, so it is killed with `epmd -kill`; it is started with
//    ERL_EPMD_RELAXED_COMMAND_CHECK so that the kill is always accepted.
//  - Orphans: each node is recorded in os.tmpdir()/rmqx-brokers/<owner-pid>-<node>.json; every
//    startBroker() sweeps nodes whose owner died (e.g. a SIGKILLed test run). A process 'exit'
//    hook and SIGINT/SIGTERM handlers stop nodes of an owner that forgets to.
//  - Readiness: GET /api/overview (guest:guest) and an AMQP TCP connect both succeed, polled
//    every 200 ms; never a fixed sleep. The wrapper exits 0 on a failed boot, so "exited before
//    ready" is an error, reported with the tail of the node's log.
//
// Library: startBroker(opts), ensureInstalled({log}), rabbitmqBin().
// CLI: node scripts/broker.mjs start|stop|status|env   (a long-lived node, see usage below)
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN_DIR = '/usr/lib/rabbitmq/bin';
const REGISTRY = path.join(os.tmpdir(), 'rmqx-brokers');
export function rabbitmqBin() { return path.join(BIN_DIR, 'rabbitmq-server'); }

export async function ensureInstalled({ log = () => {} } = {}) {
  if (fs.existsSync(rabbitmqBin())) return rabbitmqBin();
  if (process.getuid?.() !== 0) {
    throw new Error(`${rabbitmqBin()} not found: install RabbitMQ first (sudo apt-get install -y rabbitmq-server)`);
  }
  log('installing rabbitmq-server with apt-get (about 10 s)');
  const r = spawnSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y rabbitmq-server'],
    { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0 || !fs.existsSync(rabbitmqBin())) throw new Error('apt-get install rabbitmq-server failed');
  return rabbitmqBin();
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
// the rabbitmq wrapper: guards against a pgid reused by an unrelated process after the node died.
function ourGroup(pgid) {
  if (!pgid || !alive(-pgid)) return false;
  try {
    const cmd = fs.readFileSync(`/proc/${pgid}/cmdline`, 'utf8');
    return cmd === '' || cmd.includes('rabbitmq');
  } catch { return true; }
}

// Synchronous teardown so it also works inside process.on('exit').
function killNode({ pgid, epmdPort, dir, entry }) {
  if (ourGroup(pgid)) try { process.kill(-pgid, 'SIGKILL'); } catch { /* already gone */ }
  if (epmdPort) spawnSync('epmd', ['-port', String(epmdPort), '-kill'],
    { stdio: 'ignore', timeout: 5000, env: { ...process.env, ERL_EPMD_PORT: String(epmdPort) } });
  if (dir) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
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
      // A persistent node (CLI `start`) has no owner: swept only once its process group is gone.
      const orphan = rec.persistent ? !alive(-rec.pgid) : !alive(rec.ownerPid);
      if (!orphan) continue;
      log(`sweeping orphaned RabbitMQ node ${rec.nodename} (owner ${rec.ownerPid} is gone)`);
      killNode({ ...rec, entry });
    } catch { /* unreadable or half-written entry: leave it */ }
  }
}

// GET /api/overview with guest:guest; resolves true on HTTP 200.
function httpOk(url, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const req = http.get(`${url}/api/overview`, { auth: 'guest:guest', timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}
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
const owned = new Map(); // broker -> registry record
let hooksInstalled = false;
let signalsInstalled = false;
function installHooks(handleSignals) {
  if (!hooksInstalled) {
    hooksInstalled = true;
    process.on('exit', () => { for (const rec of owned.values()) try { killNode(rec); } catch { /* best effort */ } });
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

export async function startBroker(opts = {}) {
  const { log = () => {}, readyTimeoutMs = 90000, keepDir = false, persistent = false } = opts;
  await ensureInstalled({ log });
  sweepOrphans(log);

  const [amqpPort, mgmtPort, distPort, epmdPort] = await freePorts(4);
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'rmqx-broker-'));
  const nodename = `rmqx-${crypto.randomBytes(4).toString('hex')}@localhost`;
  const f = (name) => path.join(dir, name);
  fs.writeFileSync(f('.erlang.cookie'), crypto.randomBytes(20).toString('hex').toUpperCase(), { mode: 0o600 });
  fs.writeFileSync(f('enabled_plugins'), '[rabbitmq_management].\n');
  fs.writeFileSync(f('rabbitmq-env.conf'), '# intentionally empty: keeps /etc/rabbitmq/rabbitmq-env.conf out\n');
  fs.writeFileSync(f('advanced.config'), '[].\n');
  fs.writeFileSync(f('rabbitmq.conf'), [
    `listeners.tcp.default = 127.0.0.1:${amqpPort}`,
    `management.tcp.port = ${mgmtPort}`,
    'management.tcp.ip = 127.0.0.1',
    'collect_statistics_interval = 1000',
    'log.console = true',
    'log.console.level = warning',
    'log.console.use_colors = off',
    'log.file = false',
    '',
  ].join('\n'));
  fs.mkdirSync(f('mnesia'));
  fs.mkdirSync(f('log'));
  const env = {
    HOME: dir,
    ERL_EPMD_PORT: String(epmdPort),
    ERL_EPMD_RELAXED_COMMAND_CHECK: '1',
    ERL_EPMD_ADDRESS: '127.0.0.1',
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
    RABBITMQ_NODENAME: nodename,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(amqpPort),
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_MNESIA_BASE: f('mnesia'),
    RABBITMQ_LOG_BASE: f('log'),
    RABBITMQ_PID_FILE: f('rabbitmq.pid'),
    RABBITMQ_ENABLED_PLUGINS_FILE: f('enabled_plugins'),
    RABBITMQ_ENABLED_PLUGINS: 'rabbitmq_management',
    RABBITMQ_CONFIG_FILE: f('rabbitmq.conf'),
    RABBITMQ_CONFIG_FILES: f('conf.d'), // absent on purpose: no /etc/rabbitmq/conf.d/*
    RABBITMQ_ADVANCED_CONFIG_FILE: f('advanced.config'),
    RABBITMQ_CONF_ENV_FILE: f('rabbitmq-env.conf'),
  };
  const url = `http://127.0.0.1:${mgmtPort}`;
  const amqpUrl = `amqp://guest:guest@127.0.0.1:${amqpPort}`;
  const logFile = f('server.log');
  const logSays = () => `; its log (${keepDir ? logFile : 'removed; keepDir: true keeps it'}) says:\n${logTail(logFile)}`;

  log(`starting RabbitMQ node ${nodename} on amqp ${amqpPort} / http ${mgmtPort}`);
  const t0 = Date.now();
  const out = fs.openSync(logFile, 'a');
  const child = spawn(rabbitmqBin(), [], {
    cwd: dir, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  child.unref(); // never keeps the owner alive; the exit hook (or the CLI's stop) ends it
  const pgid = child.pid;
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  child.on('error', (err) => { exited = { err }; });

  if (!fs.existsSync(REGISTRY)) {
    fs.mkdirSync(REGISTRY, { recursive: true });
    try { fs.chmodSync(REGISTRY, 0o1777); } catch { /* shared like /tmp, if we created it */ }
  }
  const entry = path.join(REGISTRY, `${persistent ? 0 : process.pid}-${nodename}.json`);
  const record = { ownerPid: persistent ? 0 : process.pid, persistent, nodename, pgid, epmdPort, dir: keepDir ? null : dir, entry };
  fs.writeFileSync(entry, JSON.stringify(record) + '\n');

  let stopped = false;
  const broker = {
    nodename, dir, amqpPort, mgmtPort, distPort, epmdPort, url, amqpUrl, env, pgid,
    async stop() {
      if (stopped) return;
      stopped = true;
      owned.delete(broker);
      const t = Date.now();
      killNode(record);
      log(`stopped RabbitMQ node ${nodename} in ${((Date.now() - t) / 1000).toFixed(2)} s`);
    },
  };
  if (!persistent) { owned.set(broker, record); installHooks(opts.handleSignals !== false); }

  try {
    for (;;) {
      if (exited) {
        const why = exited.err ? exited.err.message : `code ${exited.code}${exited.signal ? `, signal ${exited.signal}` : ''}`;
        throw new Error(`RabbitMQ node ${nodename} exited before it was ready (${why})${logSays()}`);
      }
      if (Date.now() - t0 > readyTimeoutMs) {
        throw new Error(`RabbitMQ node ${nodename} not ready after ${readyTimeoutMs} ms${logSays()}`);
      }
      const [h, t] = await Promise.all([httpOk(url, 1000), tcpOk(amqpPort)]);
      if (h && t) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (err) {
    await broker.stop();
    throw err;
  }
  log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return broker;
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
  killNode({ pgid: s.pgid, epmdPort: s.epmdPort, dir: s.dir, entry: s.entry });
  fs.rmSync(stateFile(), { force: true });
}

async function main(cmd) {
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
      await ensureInstalled({ log: note });
      const b = await startBroker({ log: note, persistent: true });
      const { stop, ...fields } = b;
      const state = { ...fields, entry: path.join(REGISTRY, `0-${b.nodename}.json`) };
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
        'usage: node scripts/broker.mjs <command>',
        '  start   start a private RabbitMQ node that outlives this script; prints export lines',
        '          (eval "$(node scripts/broker.mjs start)")',
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
  main(process.argv[2]).then((code) => process.exit(code), (err) => {
    process.stderr.write(`broker: ${err.message}\n`);
    process.exit(1);
  });
}
