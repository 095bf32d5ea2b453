// Bundle src/ into dist/ with esbuild, as CommonJS scripts that bin/rmqx.js compiles with a V8
// code cache (see there): dist/main.js (the command tree, axios, commander, chalk, tables) and
// one file per large dependency only some commands need, read only when one of them runs:
// dist/vendor/amqplib.js (AMQP commands) and dist/vendor/yaml.js (YAML definitions files).
// Inside main.js, what a command imports lazily is compiled lazily and runs only when imported.
// Run by `npm test`, `npm run try`, `npm pack` (prepack) and `npm run build`.
import { build } from 'esbuild';
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';

const root = new URL('..', import.meta.url).pathname;

/**
 * axios's Node build pulls in, at start-up, parts rmqx never uses: multipart forms (form-data,
 * with mime-db's 200 KB table), proxies (proxy-from-env, https-proxy-agent, debug), redirects
 * (follow-redirects: rmqx sets maxRedirects 0, and then axios uses plain http/https), HTTP/2,
 * and the fetch adapter, whose module-level `typeof fetch` makes Node load undici. Each is
 * replaced by a small module that says "not here", so an HTTP command loads what it uses.
 * The request path is axios's own http adapter, unchanged.
 */
const STUBS = {
  'form-data': 'export default undefined;',
  'proxy-from-env': "export function getProxyForUrl() { return ''; }",
  'https-proxy-agent': 'export default class HttpsProxyAgent { constructor() { throw new Error("proxies are not supported by rmqx"); } }',
  'follow-redirects': 'export default { http: undefined, https: undefined };',
  http2: 'export default {};',
  // amqplib's two sanity checks (assert, assert.equal), without node:assert's 5-7 modules
  assert:
    "function assert(ok, message) { if (!ok) throw new Error(message ?? 'amqplib: assertion failed'); }" +
    'assert.equal = (a, b, message) => assert(a == b, message ?? `amqplib: ${a} != ${b}`); module.exports = assert;',
  child_process: 'export function spawn() { throw new Error("rmqx has no executable subcommands"); } export default { spawn };',
};
const AXIOS_PATCHES = {
  // Reading the global FormData makes Node 20 load undici (~20 ms): axios does it at module
  // level to recognise form bodies, which rmqx never sends.
  'utils.js': [["typeof G.FormData !== 'undefined' ? G.FormData : undefined", 'undefined']],
  'env/classes/FormData.js': [["typeof FormData !== 'undefined' ? FormData : _FormData", '_FormData']],
  // The global `performance` loads perf_hooks (7 modules, ~1 ms) for a request timer Date.now
  // serves as well.
  'core/dispatchRequest.js': [["typeof performance !== 'undefined' && utils.isFunction(performance.now)", 'false']],
  // zlib (~2.5 ms), loaded lazily (rmqx asks for uncompressed answers): the flush constants
  // read at module level are fixed by zlib's, brotli's and zstd's APIs, and zstd is there
  // exactly when Node.js names its version.
  'adapters/http.js': [
    ['flush: zlib.constants.Z_SYNC_FLUSH,\n  finishFlush: zlib.constants.Z_SYNC_FLUSH,', 'flush: 2,\n  finishFlush: 2,'],
    ['flush: zlib.constants.BROTLI_OPERATION_FLUSH,\n  finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,', 'flush: 1,\n  finishFlush: 1,'],
    ['flush: zlib.constants.ZSTD_e_flush,\n  finishFlush: zlib.constants.ZSTD_e_flush,', 'flush: 1,\n  finishFlush: 1,'],
    ['utils.isFunction(zlib.createBrotliDecompress)', 'true'],
    ['utils.isFunction(zlib.createZstdDecompress)', "typeof process.versions.zstd === 'string'"],
  ],
};
const trimDependencies = {
  name: 'trim-dependencies',
  setup(b) {
    b.onResolve({ filter: /^(node:)?assert$/ }, (args) =>
      /node_modules[\\/]amqplib[\\/]/.test(args.importer) ? { path: 'assert', namespace: 'rmqx-stub' } : undefined,
    );
    const fromAxios = (args) => /node_modules[\\/]axios[\\/]/.test(args.importer);
    b.onResolve({ filter: /^(form-data|proxy-from-env|https-proxy-agent|follow-redirects|http2)$/ }, (args) =>
      fromAxios(args) ? { path: args.path, namespace: 'rmqx-stub' } : undefined,
    );
    // commander loads child_process (and with it net and dgram) for executable subcommands,
    // which rmqx does not have
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'rmqx-stub' } : undefined,
    );
    b.onResolve({ filter: /[\\/]fetch\.js$/ }, (args) =>
      fromAxios(args) && /adapters/.test(args.importer) ? { path: 'axios-fetch', namespace: 'rmqx-stub' } : undefined,
    );
    // Text patches to axios, each checked: the build fails when one no longer applies.
    b.onLoad({ filter: /node_modules[\\/]axios[\\/]lib[\\/].*\.js$/ }, async (args) => {
      const file = args.path.replace(/\\/g, '/').replace(/.*\/axios\/lib\//, '');
      const patches = AXIOS_PATCHES[file];
      if (!patches) return undefined;
      const { readFile } = await import('node:fs/promises');
      let text = await readFile(args.path, 'utf8');
      for (const [from, to] of patches) {
        if (!text.includes(from)) throw new Error(`trim-dependencies: axios/lib/${file} changed upstream; review the patch of: ${from}`);
        text = text.replace(from, to);
      }
      return { contents: text, loader: 'js' };
    });
    b.onLoad({ filter: /.*/, namespace: 'rmqx-stub' }, (args) => ({
      contents: args.path === 'axios-fetch' ? 'export const getFetch = () => undefined; export default undefined;' : STUBS[args.path],
      loader: 'js',
    }));
  },
};
/**
 * Node's built-ins through require(), not ESM import: importing a built-in as ESM builds its
 * namespace from every export, which runs the lazy getters Node.js keeps for what is rarely used
 * (on Node 22+: http's WebSocket and MessageEvent load undici, crypto's webcrypto loads
 * worker_threads …). require() returns the object and runs none: on Node 24 that is about 5 MB
 * less memory and fewer modules loaded at every start. Esbuild's CommonJS interop reads each
 * named import as a property where it is used.
 */
const BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')));
const builtinsByRequire = {
  name: 'builtins-by-require',
  setup(b) {
    // Built-ins loaded at start-up for what most runs never do, loaded on first use instead:
    // https (a plain-HTTP command never loads TLS: https pulls in tls and crypto, +5 MB and ~10 ms
    // on Node 24), tls (amqplib's, for amqps: only; ~5 ms of every AMQP command on Node 20),
    // crypto (axios's multipart boundaries, which rmqx never sends; rmqx's own UUIDs and
    // certificates) and zlib (axios's, for compressed answers: see AXIOS_PATCHES)
    // (dependencies only: they read the module's properties where they use them, which the
    // stand-in below serves; rmqx's own code requires these where it needs them)
    b.onResolve({ filter: /^(node:)?(https|tls|crypto|zlib)$/ }, (args) =>
      /node_modules[\\/](axios|amqplib)[\\/]/.test(args.importer) ? { path: args.path.replace(/^node:/, ''), namespace: 'rmqx-lazy' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'rmqx-lazy' }, (args) => ({
      contents: `let m; const load = () => (m ??= require('node:${args.path}'));
module.exports = new Proxy({}, { get: (_, k) => load()[k], has: (_, k) => k in load() });`,
      loader: 'js',
    }));
    b.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      if (!BUILTINS.has(name)) return undefined;
      // the stubs' own require() stays Node's
      if (args.namespace === 'rmqx-builtin' || args.namespace === 'rmqx-lazy') return { path: args.path, external: true };
      // only ESM importers (src/, axios's lib, chalk …); CommonJS ones already require()
      if (args.kind !== 'import-statement' && args.kind !== 'dynamic-import') return undefined;
      return { path: name, namespace: 'rmqx-builtin' };
    });
    // An object whose prototype is the module, with no own properties: esbuild's ESM interop
    // (__toESM) copies a CommonJS module's own properties, asking each for its descriptor, and on
    // Node 22+ that alone loads what util's, stream's … lazy properties stand for (util.TextDecoder
    // loads worker_threads). Read through the prototype, every export is the module's own.
    b.onLoad({ filter: /.*/, namespace: 'rmqx-builtin' }, (args) => ({ contents: `module.exports = Object.create(require('node:${args.path}'));`, loader: 'js' }));
  },
};

/** amqplib and yaml: required from their own files in dist/vendor/, bundled separately below. */
const VENDOR = ['amqplib', 'yaml'];
const vendorFiles = {
  name: 'vendor-files',
  setup(b) {
    // through a one-line module, so that a lazy import() of it becomes a lazy require()
    b.onResolve({ filter: new RegExp(`^(${VENDOR.join('|')})$`) }, (args) => ({ path: args.path, namespace: 'rmqx-vendor' }));
    b.onResolve({ filter: /^\.\/vendor\// }, (args) => (args.namespace === 'rmqx-vendor' ? { path: args.path, external: true } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'rmqx-vendor' }, (args) => ({ contents: `module.exports = require('./vendor/${args.path}.js');`, loader: 'js' }));
  },
};

const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));

// Build beside dist/ and swap it in, so a binary running from dist/ meanwhile never sees half a build.
const out = `dist.${process.pid}`;
rmSync(`${root}${out}`, { recursive: true, force: true });
const started = performance.now();
const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // --readable: names and lines kept, for profiles and stack traces
  ...(process.argv.includes('--readable') ? { minifySyntax: true } : { minify: true }),
  legalComments: 'none',
  logLevel: 'warning',
};
const [result] = await Promise.all([
  build({
    ...common,
    entryPoints: { main: 'src/main.ts' },
    outdir: out,
    metafile: true,
    plugins: [trimDependencies, vendorFiles, builtinsByRequire],
    define: { __RMQX_VERSION__: JSON.stringify(pkg.version), 'import.meta.url': '__rmqxModuleUrl' },
    // the two sources that resolve Node's built-ins through createRequire(import.meta.url)
    banner: { js: "const __rmqxModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  }),
  ...VENDOR.map((name) => build({ ...common, entryPoints: [name], outfile: `${out}/vendor/${name}.js`, plugins: [trimDependencies, builtinsByRequire] })),
]);
// bin/rmqx.js runs these as plain scripts: a dynamic import() left in them would fail there
for (const file of Object.keys(result.metafile.outputs)) {
  if (/\bimport\(["'`]/.test(readFileSync(`${root}${file}`, 'utf8'))) {
    throw new Error(`${file} has a dynamic import(): bin/rmqx.js cannot run it`);
  }
}
rmSync(`${root}dist.old.${process.pid}`, { recursive: true, force: true });
try {
  renameSync(`${root}dist`, `${root}dist.old.${process.pid}`);
} catch {
  /* first build */
}
renameSync(`${root}${out}`, `${root}dist`);
rmSync(`${root}dist.old.${process.pid}`, { recursive: true, force: true });
if (process.argv.includes('--analyze')) {
  const { analyzeMetafile } = await import('esbuild');
  console.log(await analyzeMetafile(result.metafile));
}
console.error(`built dist/ in ${Math.round(performance.now() - started)} ms`);
