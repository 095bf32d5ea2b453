// Bundle src/ into dist/ with esbuild. ESM with code splitting: what a command loads lazily
// (axios for HTTP, amqplib for AMQP, cli-table3 for tables) lands in its own chunk and is read
// only when that command runs. Run by `npm ci` (prepare), `npm test` and `npm run build`.
import { build } from 'esbuild';
import { readFileSync, renameSync, rmSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));

// Build beside dist/ and swap it in, so a binary running from dist/ meanwhile never sees half a build.
const out = `dist.${process.pid}`;
rmSync(`${root}${out}`, { recursive: true, force: true });
const started = performance.now();
const result = await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/main.ts' },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minifySyntax: true,
  legalComments: 'none',
  metafile: true,
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
