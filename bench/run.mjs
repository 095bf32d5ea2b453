#!/usr/bin/env node
// npm run bench: rmqx against its peers, on a private broker this script starts and removes.
//
//   node bench/run.mjs [--rounds N] [--only NAME[,NAME]] [--write] [--no-build] [--list]
//
// Each row runs one rmqx command and its peer(s) as whole processes, ALTERNATELY (even rounds
// rmqx first, odd rounds rmqx last), and reports the medians and the median of the per-round
// ratios. Fast rows get one untimed warm-up run of each side, whose output is checked (right
// count of lines / objects); the 100k rows are checked through the queue's depth after each run.
// Nothing here is a test: timings are never asserted, only written down. Progress goes to
// stderr, the table to stdout; --write also rewrites bench/RESULTS.md.
//
// The rmqx under test is a snapshot of dist/ + bin/ copied into a temp dir right after
// `node scripts/build.mjs` (skip the build with --no-build), so a rebuild by someone else
// during the run cannot change or break what is measured.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import amqplib from 'amqplib';
import { startBroker } from '../scripts/broker.mjs';
import { runtimeFor } from '../scripts/runtime.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NODE = process.execPath;
const PY = '/usr/bin/python3';
const TIME = '/usr/bin/time';
const log = (line) => process.stderr.write(`[bench] ${line}\n`);

// ---- arguments -------------------------------------------------------------------------------
const HELP = `usage: node bench/run.mjs [options]
  --rounds N         rounds per row (default: 5 for fast rows, 3 for the 100k-message rows)
  --only NAME[,..]   run only these rows (repeatable); --list shows the names
  --write            rewrite bench/RESULTS.md with this run's table
  --no-build         measure the dist/ as it is (default: run scripts/build.mjs first)
  --list             list the rows and exit
`;
const opt = { rounds: undefined, only: [], write: false, build: true, list: false };
{
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i++) {
    const [k, inline] = a[i].split(/=(.*)/s);
    const value = () => inline ?? a[++i];
    if (k === '--rounds') {
      opt.rounds = Number(value());
      if (!Number.isInteger(opt.rounds) || opt.rounds < 1) fail('--rounds needs a positive integer');
    } else if (k === '--only') opt.only.push(...value().split(',').filter(Boolean));
    else if (k === '--write') opt.write = true;
    else if (k === '--no-build') opt.build = false;
    else if (k === '--list') opt.list = true;
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
 * undefined; stdout: 'null' (/dev/null) or 'capture'. rss: wrap in /usr/bin/time -f %M (peak
 * RSS in KiB). The process gets its own process group, killed if it outlives timeoutMs.
 */
function runProc(argv, { stdin, stdout = 'null', env, timeoutMs = 60_000, rss = false } = {}) {
  let rssFile;
  if (rss) {
    rssFile = path.join(WORK, `rss-${crypto.randomBytes(4).toString('hex')}`);
    argv = [TIME, '-f', '%M', '-o', rssFile, ...argv];
  }
  const inFd = stdin ? fs.openSync(stdin, 'r') : 'ignore';
  return new Promise((resolve) => {
    let out = '';
    let err = '';
    let timedOut = false;
    const t0 = performance.now();
    const child = spawn(argv[0], argv.slice(1), {
      env: env ?? process.env,
      stdio: [inFd, stdout === 'capture' ? 'pipe' : devNull, 'pipe'],
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

// ---- tools ---------------------------------------------------------------------------------------
const PEERS = {
  amqplibPublish: path.join(ROOT, 'bench/peers/amqplib-publish.mjs'),
  amqplibConsume: path.join(ROOT, 'bench/peers/amqplib-consume.mjs'),
  pikaPublish: path.join(ROOT, 'bench/peers/pika_publish.py'),
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
  if (!have.python) notes.push('rabbitmqadmin v1 rows skipped: /usr/bin/python3 is missing.');
  // rabbitmqadmin v2 (rabbitmqadmin-ng) runs from the Debian sid root the newest test tier builds
  try {
    const rt = runtimeFor('newest', { log: (l) => log(`sid root: ${l}`) });
    const ok = rt.root && spawnSync('chroot', [rt.root, 'rabbitmqadmin', '--help'], { stdio: 'ignore' }).status === 0;
    if (ok) V2_ROOT = rt.root;
  } catch (e) {
    notes.push(`rabbitmqadmin v2 rows skipped: ${e.message}`);
  }
  have.v2 = !!V2_ROOT;
  have.time = fs.existsSync(TIME);
  if (!have.time && aptInstall('time')) have.time = fs.existsSync(TIME);
  if (!have.time) notes.push('peak RSS not measured: /usr/bin/time is missing (package time).');
}

/** Snapshot of the built rmqx in WORK/rmqx (bin/rmqx.js + dist/), after an optional build. */
function prepareRmqx() {
  if (opt.build) {
    log('building dist/ (node scripts/build.mjs)');
    const r = spawnSync(NODE, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) {
      log(`build failed; measuring the existing dist/ instead:\n${r.stderr}`);
      notes.push('scripts/build.mjs failed at the start of this run: the dist/ already present was measured.');
    }
  }
  const dir = path.join(WORK, 'rmqx');
  fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
  fs.cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'bin/rmqx.js'), path.join(dir, 'bin/rmqx.js'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}\n');
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
    peers: [{ label: 'node -e 0', argv: () => [NODE, '-e', '0'], kind: 'time', target: 1.3 }],
  },
  {
    name: 'vhost-list',
    title: 'one admin command: `rmqx vhost list` vs rabbitmqadmin v1 `list vhosts`',
    fast: true,
    needs: ['python'],
    subject: { label: 'rmqx vhost list', argv: () => rmqx('vhost', 'list'), stdout: 'capture', verify: (r) => check(/^\//m.test(r.stdout), `no '/' vhost in:\n${r.stdout}`) },
    peers: [{ label: 'rabbitmqadmin list vhosts', argv: () => admin('list', 'vhosts'), stdout: 'capture', kind: 'time', target: 0.6, verify: (r) => check(r.stdout.includes('| /'), `no '/' vhost in:\n${r.stdout}`) }],
  },
  {
    name: 'get',
    title: `\`rmqx get q --count ${GET_N} --json\` vs rabbitmqadmin v1 \`get queue=q count=${GET_N} -f raw_json\` (both requeue)`,
    fast: true,
    needs: ['python'],
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
      label: `rabbitmqadmin get (${GET_N})`, messages: GET_N, kind: 'throughput', target: 10,
      argv: () => admin('get', `queue=${Q.get}`, `count=${GET_N}`, '-f', 'raw_json'),
      verify: (r) => check(JSON.parse(r.stdout).length === GET_N, `rabbitmqadmin get returned ${JSON.parse(r.stdout).length} messages`),
    }],
  },
  {
    name: 'get-one',
    title: 'one message, one process: `rmqx get q` vs `amqp-get -q q` (amqp-get takes it; refilled untimed)',
    fast: true,
    needs: ['amqpTools'],
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
    peers: [{ label: 'amqp-get -q q', argv: () => ['amqp-get', '-u', B.amqpUrl, '-q', Q.one], kind: 'time', verify: (r) => check(r.stdout === 'hello', `amqp-get printed '${r.stdout}'`) }],
  },
  {
    name: 'publish-one',
    title: 'one message, one process: `rmqx publish -k q BODY` (confirmed) vs `amqp-publish -r q -b BODY` (no confirms)',
    fast: true,
    needs: ['amqpTools'],
    async setup() {
      await (await amqp()).assertQueue(Q.one, { durable: true });
      await purge(Q.one);
    },
    before: () => purge(Q.one),
    after: () => expectDepth(Q.one, 1, 'after publish'),
    subject: { label: 'rmqx publish', argv: () => rmqx('publish', '-k', Q.one, 'hello') },
    peers: [{ label: 'amqp-publish', argv: () => ['amqp-publish', '-u', B.amqpUrl, '-r', Q.one, '-b', 'hello'], kind: 'time' }],
  },
  {
    name: 'queue-list',
    title: `\`rmqx queue list --json\` vs rabbitmqadmin v1 \`list queues\`, ${QUEUES_N.toLocaleString('en-US')} queues in one vhost`,
    fast: true,
    needs: ['python'],
    rss: { report: true },
    async setup() {
      log(`creating vhost '${MANY_VHOST}' with ${QUEUES_N} queues over AMQP`);
      const t0 = Date.now();
      await api('PUT', `/vhosts/${encodeURIComponent(MANY_VHOST)}`, {});
      await api('PUT', `/permissions/${encodeURIComponent(MANY_VHOST)}/guest`, { configure: '.*', write: '.*', read: '.*' });
      const c = await amqplib.connect(vhostUrl(MANY_VHOST));
      // 8 channels, each with its declares pipelined (amqplib queues them; no await per queue)
      const chans = await Promise.all(Array.from({ length: 8 }, () => c.createChannel()));
      await Promise.all(chans.map((chan, k) => Promise.all(
        Array.from({ length: QUEUES_N / 8 }, (_, i) => chan.assertQueue(`q-${String(k * (QUEUES_N / 8) + i).padStart(5, '0')}`, { durable: true })),
      )));
      await c.close();
      // The API lists a queue once the management database knows it: poll.
      for (let n = 0; ; ) {
        n = (await api('GET', `/queues/${encodeURIComponent(MANY_VHOST)}?page=1&page_size=1&columns=name`)).total_count;
        if (n === QUEUES_N) break;
        if (Date.now() - t0 > 180_000) throw new Error(`only ${n} queues listed after 180 s`);
        await new Promise((r) => setTimeout(r, 250));
      }
      log(`  ${QUEUES_N} queues ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    },
    async teardown() {
      const t0 = Date.now();
      await api('DELETE', `/vhosts/${encodeURIComponent(MANY_VHOST)}`);
      log(`  deleted vhost '${MANY_VHOST}' in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    },
    subject: {
      label: 'rmqx queue list --json', argv: () => rmqx('queue', 'list', '--json', '-V', MANY_VHOST),
      verify: (r) => check(JSON.parse(r.stdout).length === QUEUES_N, `rmqx listed ${JSON.parse(r.stdout).length} queues`),
    },
    peers: [{
      label: 'rabbitmqadmin list queues', argv: () => admin('-V', MANY_VHOST, 'list', 'queues'), kind: 'time', target: 0.5,
      verify: (r) => check((r.stdout.match(/\| q-\d{5} /g) ?? []).length === QUEUES_N, `rabbitmqadmin listed ${(r.stdout.match(/\| q-\d{5} /g) ?? []).length} queues`),
    }],
  },
  {
    name: 'apply',
    title: `\`rmqx apply\` of ${APPLY_VHOSTS} vhosts × (${APPLY_QUEUES} queues bound to an exchange, a policy, a permission), 1,040 objects, into an empty broker`,
    fast: false,
    rounds: 3,
    timeoutMs: 600_000,
    needs: ['python'],
    setup: () => dropApplyVhosts(),
    before: () => dropApplyVhosts(),
    after: () => expectApplied('the run'),
    teardown: () => dropApplyVhosts(),
    subject: { label: 'rmqx apply', argv: () => rmqx('apply', FILES.applyDoc) },
    peers: [
      { label: 'rmqx definitions import (the broker\'s own import)', kind: 'time', rmqx: true, argv: () => rmqx('definitions', 'import', FILES.applyDoc) },
      { label: 'rabbitmqadmin v2: one command per object', kind: 'time', needs: ['v2'], argv: () => ['chroot', V2_ROOT, 'sh', FILES.v2Script] },
      { label: 'rabbitmqadmin v1: one command per object', kind: 'time', argv: () => ['sh', FILES.v1Script] },
    ],
  },
  {
    name: 'plan',
    title: `\`rmqx plan\` of the same 1,040 objects, all there (an empty plan), vs \`node -e 0\``,
    fast: true,
    needs: ['python'],
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
];

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
    if (row.rss && have.time) {
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
        target: limit ? `rmqx < ${limit} MiB` : 'report',
        met: limit ? (a < limit ? 'yes' : 'NO') : 'info',
      });
    }
  }
  return lines;
}

function markdownTable(lines) {
  const head = '| row | rmqx median | peer median | ratio | target | met? |\n|---|---:|---:|---:|---|---|\n';
  return head + lines.map((l) => `| ${l.row}: ${l.text} | ${l.a} | ${l.b} | ${l.ratio} | ${l.target} | ${l.met} |`).join('\n') + '\n';
}

// ---- main ------------------------------------------------------------------------------------------
if (opt.list) {
  for (const r of ROWS) process.stdout.write(`${r.name.padEnd(12)} ${r.title}\n`);
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
  ensureTools();
  RMQX = prepareRmqx();
  log(`rmqx ${RMQX.version} snapshot in ${path.dirname(path.dirname(RMQX.bin))}`);
  log('writing input files');
  FILES.big = writeLines(BIG);
  FILES.pika = writeLines(PIKA_N, `lines-${PIKA_N}.txt`);
  FILES.get = writeLines(GET_N, `lines-${GET_N}.txt`);

  B = await startBroker({ log: (l) => log(`broker: ${l}`) });
  const overview = await api('GET', '/overview');
  if (have.python) {
    ADMIN = path.join(WORK, 'rabbitmqadmin');
    const res = await fetch(`${B.url}/cli/rabbitmqadmin`);
    if (!res.ok) throw new Error(`GET /cli/rabbitmqadmin: ${res.status}`);
    fs.writeFileSync(ADMIN, Buffer.from(await res.arrayBuffer()));
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
  const lines = tableLines(results);
  const table = markdownTable(lines);
  const load1 = os.loadavg();
  const machine = {
    date: spawnSync('date', ['-u'], { encoding: 'utf8' }).stdout.trim(),
    nproc: spawnSync('nproc', { encoding: 'utf8' }).stdout.trim(),
    cpu: (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m) ?? [])[1] ?? 'unknown',
    node: process.version,
    rabbitmq: overview.rabbitmq_version,
    erlang: overview.erlang_version,
    python: have.python ? spawnSync(PY, ['--version'], { encoding: 'utf8' }).stdout.trim() : 'n/a',
    load: `${load0.map((x) => x.toFixed(2)).join(' ')} at the start, ${load1.map((x) => x.toFixed(2)).join(' ')} at the end (1/5/15 min)`,
    minutes: ((Date.now() - startedAt) / 60000).toFixed(1),
  };
  const roundsText = opt.rounds ? `${opt.rounds} rounds per row` : '5 rounds per fast row (after one untimed warm-up run of each side), 3 per 100k-message row';
  process.stdout.write(`\n${table}\nrmqx ${RMQX.version}; ${machine.date}; ${machine.nproc} CPUs (${machine.cpu}); node ${machine.node}; RabbitMQ ${machine.rabbitmq}; ${roundsText}; load average ${machine.load}; ${machine.minutes} min\n`);
  for (const n of notes) process.stdout.write(`note: ${n}\n`);
  if (opt.write) {
    fs.writeFileSync(path.join(ROOT, 'bench/RESULTS.md'), resultsMarkdown(table, machine, roundsText, results));
    log('wrote bench/RESULTS.md');
  }
} catch (e) {
  log(`failed: ${e.stack ?? e}`);
  exitCode = 1;
  if (B) await B.stop();
}
if (V2_ROOT && FILES.v2Script) fs.rmSync(path.join(V2_ROOT, FILES.v2Script), { force: true });
process.exitCode = exitCode;

function resultsMarkdown(table, m, roundsText, results) {
  const partial = opt.only.length ? `\nOnly these rows were run: ${opt.only.join(', ')}.\n` : '';
  return `# rmqx benchmarks

Written by \`node bench/run.mjs --write\` (\`npm run bench -- --write\`); do not edit by hand.
${partial}
## Results

${table}
${notes.map((n) => `- ${n}\n`).join('')}
## Machine

- date: ${m.date}
- CPUs: ${m.nproc} × ${m.cpu}
- node ${m.node}; ${m.python}; RabbitMQ ${m.rabbitmq} on Erlang ${m.erlang} (a private node started by the run)
- rounds: ${roundsText}; the run took ${m.minutes} min
- load average: ${m.load}
- rows and their time: ${results.map((r) => `${r.row.name} ${r.seconds.toFixed(0)} s`).join(', ')}

## How to read this

- Every command runs as a whole process (start-up, connect, work, exit), the way a user runs it.
  Each row runs rmqx and its peer(s) alternately, ${opt.rounds ? `${opt.rounds}` : '5 or 3'} rounds
  (rmqx first in even rounds, last in odd ones), on the same private broker and the same input.
- **rmqx median / peer median**: the median over the rounds, of wall time (ms) for time rows, of
  messages per second (messages ÷ whole-process wall time) for throughput rows.
- **ratio**: the median of the per-round ratios (each round's rmqx run against the same round's
  peer run). Time rows: rmqx time ÷ peer time, lower is better, the target is a maximum.
  Throughput rows: rmqx msg/s ÷ peer msg/s, higher is better, the target is a minimum.
  "info" rows have no target; they place rmqx among tools that do less (no confirms, no output).
- **peak RSS** is the maximum resident set of the whole process (\`/usr/bin/time -f %M\`), the
  largest over the rounds.
- Compare ratios from one run, not absolute numbers across runs or machines: the broker, the
  disk and whatever else runs on the machine move every absolute number, and move both sides
  of a pair together. A ratio within ~10% of its target is inside the noise of a busy machine:
  run again (\`--only NAME --rounds 9\`) before concluding.
- The peers: \`node -e 0\` (the runtime's floor), rabbitmqadmin v1 (served by the broker at
  /cli/rabbitmqadmin, run with /usr/bin/python3), amqp-tools' \`amqp-publish\` / \`amqp-get\`,
  pika with publisher confirms written as the RabbitMQ tutorials write it
  (bench/peers/pika_publish.py), and raw amqplib loops (bench/peers/amqplib-publish.mjs:
  ConfirmChannel, window of 1000 outstanding confirms, then waitForConfirms;
  bench/peers/amqplib-consume.mjs: prefetch 200, ack each message, no output).
- Untimed between runs: queues are purged and refilled (the consume row publishes ${BIG.toLocaleString('en-US')}
  messages with the amqplib peer before each consume run), and every run is checked: its exit
  code, its output on the warm-up run, and the queue's depth after it.
`;
}
