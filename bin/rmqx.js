#!/usr/bin/env node
// The only file that touches `process`: build the Io, run main, set the exit code.
// Nothing calls process.exit, so piped output is always flushed.
//
// A CommonJS script (bin/package.json): Node starts it without its ES module loader, and it runs
// the bundle in dist/ as scripts compiled with a V8 code cache (see loadBundle).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const argv = process.argv.slice(2);

if (argv.length === 1 && argv[0] === '--version') {
  // `rmqx --version` alone: the version, without loading the command tree, nor the streams and
  // net modules behind process.stdout (written straight to fd 1)
  printVersion(`${require('../package.json').version}\n`);
} else {
  run().then((code) => {
    process.exitCode = code;
  });
}

function printVersion(text) {
  try {
    fs.writeSync(1, text);
  } catch (err) {
    if (err.code === 'EPIPE') return; // the reader is gone (rmqx --version | true)
    if (err.code !== 'EAGAIN') throw err;
    process.stdout.write(text); // a non-blocking pipe that is full: let the stream wait
  }
}

async function run() {
  const { isatty } = require('node:tty');
  const bundle = loadBundle();
  let main;
  try {
    ({ main } = bundle.require('./main.js'));
  } catch (err) {
    if (err?.code !== 'ENOENT' || !String(err.path).includes(`${path.sep}dist${path.sep}`)) throw err;
    // a git checkout before its first build (a package from npm ships dist/ built)
    process.stderr.write('rmqx: dist/ is not built: run `npm run build` in the rmqx checkout\n');
    return 70;
  }

  // A closed stdout (rmqx … | head) is not an error of ours: commands see it as the end.
  process.stdout.on('error', (err) => {
    if (err.code !== 'EPIPE') throw err;
  });

  let interrupted;
  let stoppedBy;
  const io = {
    // process.stdin is created on first use only: most commands never read it
    get stdin() {
      return process.stdin;
    },
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTTY: isatty(0),
    stdoutIsTTY: isatty(1),
    stderrIsTTY: isatty(2),
    stdoutIsPipe: (() => {
      try {
        const st = fs.fstatSync(1);
        return st.isFIFO() || st.isSocket();
      } catch {
        return false;
      }
    })(),
    columns: process.stdout.columns || 80,
    cwd: process.cwd(),
    // Ctrl-C (SIGINT) and SIGTERM become a promise only for commands that ask (streams that
    // must settle what they hold before leaving); for all others they end the process as
    // usual. A second signal always does.
    get interrupted() {
      interrupted ??= new Promise((resolve) => {
        const stop = (signal) => {
          process.off('SIGINT', onInt);
          process.off('SIGTERM', onTerm);
          stoppedBy = signal;
          resolve(signal);
          process.once('SIGINT', () => process.exit(130));
          process.once('SIGTERM', () => process.exit(143));
        };
        const onInt = () => stop('SIGINT');
        const onTerm = () => stop('SIGTERM');
        process.once('SIGINT', onInt);
        process.once('SIGTERM', onTerm);
      });
      return interrupted;
    },
    get stoppedBy() {
      return stoppedBy;
    },
  };

  const code = await main(argv, io, process.env);
  // a run that did its work leaves the code it compiled for the next one (a failed or help-only
  // run compiles too little of it to be worth keeping)
  if (code === 0 && !argv.some((a) => a === '-h' || a === '--help')) bundle.keepCompiledCode();
  return code;
}

/**
 * The files of dist/, run as CommonJS scripts through node:vm with V8's code cache: the first
 * successful run of a command writes the machine code V8 compiled for it, and later runs start
 * from that instead of parsing and compiling again (about 20-30 ms of each start: Node.js 20 has
 * no compile cache of its own, and the one of Node.js 22+, module.enableCompileCache, covers only
 * files loaded through require and import).
 *
 * The cache lives in $XDG_CACHE_HOME/rmqx/code (default ~/.cache/rmqx/code), a directory of
 * mode 700 with files of mode 600: one entry per file of dist/, command (the first word of argv:
 * each compiles a different part) and Node.js major, named after the file's path and replaced
 * when the file or Node.js changes. V8 checks each entry against its version, flags and the
 * source, and rejects what does not match: that run compiles as usual and writes the entry
 * again. NODE_DISABLE_COMPILE_CACHE=1 (the variable Node.js reads for its own cache) turns it
 * off; a cache directory that cannot be written only means no cache.
 */
function loadBundle() {
  /** about 0.5 MB each: a few installs' worth of commands */
  const MAX_ENTRIES = 64;
  const vm = require('node:vm');
  const { wrap } = require('node:module');
  const dist = path.join(__dirname, '..', 'dist');
  const env = process.env;
  const home = env.XDG_CACHE_HOME || (env.HOME ? path.join(env.HOME, '.cache') : undefined);
  const cacheDir = env.NODE_DISABLE_COMPILE_CACHE || !home ? undefined : path.join(home, 'rmqx', 'code');
  const command = /^[a-z][a-z-]*$/.test(argv[0] ?? '') ? argv[0] : '_';
  const loaded = new Map();
  const unsaved = [];

  /** FNV-1a, 32 bits: a short stable name for what the cache entry belongs to */
  const hash = (text) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    return h.toString(36);
  };

  function load(file) {
    // fs.readFileSync through the module object: test/fixtures/trace-loads.cjs records the files read
    const source = fs.readFileSync(file, 'utf8');
    let entry;
    let cachedData;
    if (cacheDir) {
      const { size, mtimeMs } = fs.statSync(file);
      // one entry per installed file, command and Node.js major; replaced when the file or the
      // Node.js version changes
      const name = `${path.basename(file, '.js')}-${command}-${hash(file)}-${process.versions.node.split('.')[0]}-`;
      entry = { name, file: path.join(cacheDir, `${name}${hash(`${process.version} ${process.arch} ${size} ${mtimeMs}`)}.v8`) };
      try {
        cachedData = fs.readFileSync(entry.file);
      } catch {
        /* not cached yet */
      }
    }
    const script = new vm.Script(wrap(source), { filename: file, cachedData });
    if (entry && (!cachedData || script.cachedDataRejected)) unsaved.push({ script, ...entry });
    const module = { exports: {} };
    script.runInThisContext()(module.exports, requireFor, module, file, path.dirname(file));
    return module.exports;
  }

  /** the bundle's require: its own files from dist/, Node's built-ins from Node */
  function requireFor(id) {
    if (!id.startsWith('./')) return require(id);
    const file = path.join(dist, id);
    if (!loaded.has(file)) loaded.set(file, load(file));
    return loaded.get(file);
  }

  function keepCompiledCode() {
    if (unsaved.length === 0) return;
    try {
      fs.mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
      let entries = fs.readdirSync(cacheDir);
      for (const { script, name, file } of unsaved) {
        // older entries of the same file, command and Node.js major (another build or release)
        for (const old of entries) if (old.startsWith(name) && path.join(cacheDir, old) !== file) fs.rmSync(path.join(cacheDir, old), { force: true });
        entries = entries.filter((e) => !e.startsWith(name));
        const temp = `${file}.${process.pid}`;
        fs.writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
        fs.renameSync(temp, file);
      }
      // installs that are gone (npx, temporary copies) leave entries no one replaces: past
      // MAX_ENTRIES, the oldest go
      const over = entries.length + unsaved.length - MAX_ENTRIES;
      if (over > 0) {
        const dated = entries.map((e) => ({ e, t: fs.statSync(path.join(cacheDir, e), { throwIfNoEntry: false })?.mtimeMs ?? 0 }));
        dated.sort((a, b) => a.t - b.t);
        for (const { e } of dated.slice(0, over)) fs.rmSync(path.join(cacheDir, e), { force: true });
      }
    } catch {
      /* no cache this time */
    }
  }

  return { require: requireFor, keepCompiledCode };
}
