// Bundle src/ into dist/ with esbuild. ESM with code splitting: what a command loads lazily
// (axios for HTTP, amqplib for AMQP, cli-table3 for tables) lands in its own chunk and is read
// only when that command runs. Run by `npm ci` (prepare), `npm test` and `npm run build`.
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
  child_process: 'export function spawn() { throw new Error("rmqx has no executable subcommands"); } export default { spawn };',
};
const trimAxios = {
  name: 'trim-dependencies',
  setup(b) {
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
    // Reading the global FormData makes Node 20 load undici (~20 ms): axios does it at module
    // level to recognise form bodies, which rmqx never sends.
    b.onLoad({ filter: /node_modules[\\/]axios[\\/]lib[\\/](utils|env[\\/]classes[\\/]FormData)\.js$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      let text = await readFile(args.path, 'utf8');
      const before = text;
      text = text.replace("typeof G.FormData !== 'undefined' ? G.FormData : undefined", 'undefined');
      text = text.replace("typeof FormData !== 'undefined' ? FormData : _FormData", '_FormData');
      if (text === before) throw new Error(`trim-axios: ${args.path} changed upstream; review the FormData patch`);
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
    // axios's https and crypto, loaded when first used: a plain-HTTP command never loads TLS
    // (https pulls in tls and crypto: +5 MB and ~10 ms on Node 24), and crypto serves only
    // multipart boundaries, which rmqx never sends
    b.onResolve({ filter: /^(https|crypto)$/ }, (args) =>
      /node_modules[\\/]axios[\\/]/.test(args.importer) ? { path: args.path, namespace: 'rmqx-lazy' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'rmqx-lazy' }, (args) => ({
      contents: `let m; const load = () => (m ??= require('node:${args.path}')); export default new Proxy({}, { get: (_, k) => load()[k], has: (_, k) => k in load() });`,
      loader: 'js',
    }));
    b.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      if (!BUILTINS.has(name)) return undefined;
      // the stub's own require() stays Node's
      if (args.namespace === 'rmqx-builtin') return { path: args.path, external: true };
      // only ESM importers (src/, axios's lib, chalk …); CommonJS ones already require()
      if (args.kind !== 'import-statement' && args.kind !== 'dynamic-import') return undefined;
      return { path: name, namespace: 'rmqx-builtin' };
    });
    b.onLoad({ filter: /.*/, namespace: 'rmqx-builtin' }, (args) => ({ contents: `module.exports = require('node:${args.path}');`, loader: 'js' }));
  },
};

const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));

// Build beside dist/ and swap it in, so a binary running from dist/ meanwhile never sees half a build.
const out = `dist.${process.pid}`;
rmSync(`${root}${out}`, { recursive: true, force: true });
const started = performance.now();
const result = await build({
  absWorkingDir: root,
  // version: what `rmqx --version` alone loads (bin/rmqx.js)
  entryPoints: { main: 'src/main.ts', version: 'src/version.ts' },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minifySyntax: true,
  legalComments: 'none',
  metafile: true,
  plugins: [trimAxios, builtinsByRequire],
  logLevel: 'warning',
  define: { __RMQX_VERSION__: JSON.stringify(pkg.version) },
  // CommonJS dependencies bundled into ESM still call require() for Node's built-ins.
  banner: { js: "import { createRequire as __rmqxCreateRequire } from 'node:module'; const require = __rmqxCreateRequire(import.meta.url);" },
});
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
