import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { EXAMPLES, MAN_PATH, esc, hasPath, manProgram, renderMan } from '../../scripts/gen-man.js';
import { allCommands, describeProgram, effectiveOptions } from '../../src/cli/tree.js';
import { SETTINGS } from '../../src/config/settings.js';

const page = renderMan(await manProgram());
const info = describeProgram(await manProgram());

test('man/rmqx.1 is what the current command tree generates', () => {
  const file = readFileSync(MAN_PATH, 'utf8');
  if (file !== page) {
    const a = file.split('\n');
    const b = page.split('\n');
    const line = a.findIndex((l, i) => l !== b[i]);
    assert.fail(`man/rmqx.1 is stale: run npm run man (first difference at line ${line + 1}: ${JSON.stringify(a[line])} vs ${JSON.stringify(b[line])})`);
  }
});

test('the page is deterministic and dated by the version only', async () => {
  assert.equal(renderMan(await manProgram()), page);
  const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  assert.match(page, new RegExp(`^\\.TH RMQX 1 "" "rmqx ${version.replace(/[.-]/g, (c) => `\\${c === '-' ? '\\-' : c}`)}" "User Commands"$`, 'm'));
});

test('every section is there, in order', () => {
  const sections = [...page.matchAll(/^\.SH (.+)$/gm)].map((m) => m[1]);
  assert.deepEqual(sections, ['NAME', 'SYNOPSIS', 'DESCRIPTION', 'GLOBAL OPTIONS', 'COMMANDS', 'SETTINGS', 'CONFIG FILE', 'LISTS', 'DEFINITIONS FILES', 'EXIT STATUS', 'ENVIRONMENT', 'EXAMPLES', 'SEE ALSO']);
});

test('every noun, alias, verb, argument and option of the tree is on the page', () => {
  for (const c of info.commands) {
    const title = c.aliases.length ? `${c.name} (${c.aliases.join(', ')})` : c.name;
    assert.ok(page.includes(`.SS "${esc(title)}"`), `no section for ${c.name}`);
  }
  for (const c of allCommands(info).filter((x) => x.commands.length === 0)) {
    const usage = `\\fBrmqx\\fR ${c.path.map((w) => `\\fB${esc(w)}\\fR`).join(' ')}`;
    assert.ok(page.includes(usage), `no usage line for ${c.path.join(' ')}`);
    for (const a of c.args) assert.ok(page.includes(`\\fI${esc(a.name)}\\fR`), `no argument ${a.name} of ${c.path.join(' ')}`);
    for (const o of c.options) assert.ok(page.includes(`\\fB${esc(o.long ?? (o.short as string))}\\fR`), `no ${o.long} of ${c.path.join(' ')}`);
  }
});

test('global options carry their environment variable and default; the environment lists every RMQX_ variable', () => {
  const global = page.slice(page.indexOf('.SH GLOBAL OPTIONS'), page.indexOf('.SH COMMANDS'));
  for (const s of SETTINGS) {
    const long = s.flags.match(/--[a-z-]+/)?.[0] as string;
    const entry = global.slice(global.indexOf(`\\fB${esc(long)}\\fR`));
    const body = entry.slice(0, entry.indexOf('.TP', 1));
    if (s.env) assert.ok(body.includes(`Environment: ${esc(s.env)}.`), `${long}: no env`);
    if (s.default) assert.ok(body.includes(`Default: ${esc(s.default)}.`), `${long}: no default`);
  }
  assert.match(global, /\\fB\\-o\\fR, \\fB\\-\\-output\\fR \\fIformat\\fR\n.*One of: table, tsv, json\./);
  const env = page.slice(page.indexOf('.SH ENVIRONMENT'), page.indexOf('.SH EXAMPLES'));
  for (const s of SETTINGS) if (s.env) assert.ok(env.includes(`\\fB${esc(s.env)}\\fR`), s.env);
  for (const v of ['NO_COLOR', 'FORCE_COLOR']) assert.ok(env.includes(`\\fB${v}\\fR`), v);
});

test('config file, exit status and precedence say what CLI.md says', () => {
  const config = page.slice(page.indexOf('.SH CONFIG FILE'), page.indexOf('.SH EXIT STATUS'));
  for (const key of ['url', 'amqp_url', 'username', 'password', 'password_file', 'vhost', 'cacert', 'cert', 'key', 'insecure', 'timeout']) {
    assert.ok(config.includes(`"${esc(key)}":`), `example lacks ${key}`);
    assert.ok(config.includes(`.TP\n\\fB${esc(key)}\\fR\n`), `no entry for ${key}`);
  }
  assert.match(config, /chmod 600/);
  const exits = [...page.slice(page.indexOf('.SH EXIT STATUS'), page.indexOf('.SH ENVIRONMENT')).matchAll(/^\.TP\n\\fB(\d+)\\fR$/gm)].map((m) => m[1]);
  assert.deepEqual(exits, ['0', '1', '2', '3', '64', '65', '66', '69', '70', '75', '77', '78', '130']);
  assert.match(page, /a flag on the command line;\n\.IP 2\. 4\nan environment variable/);
});

test('examples use only commands and flags that exist', () => {
  for (const e of EXAMPLES) {
    if (!hasPath(info, e.path)) continue;
    const cmd = allCommands(info).find((c) => c.path.join(' ') === e.path.join(' '));
    const flags = new Set(effectiveOptions(info, cmd).flatMap((o) => [o.long, o.short].filter(Boolean) as string[]));
    const used = [...e.command.replace(/'[^']*'|"[^"]*"/g, '').matchAll(/(?:^|\s)(--?[A-Za-z][\w-]*)/g)].map((m) => m[1] as string);
    const head = e.command.split('|')[0] as string;
    for (const f of used) if (head.includes(f)) assert.ok(flags.has(f), `example "${e.command}": ${f} is not an option of rmqx ${e.path.join(' ')}`);
  }
});

test('roff: no line starts with a stray control character; groff reports no warnings', (t) => {
  for (const line of page.split('\n')) {
    if (line.startsWith('.') || line.startsWith("'")) assert.match(line, /^\.(\\"|TH|SH|SS|TP|PP|RS|RE|IP|nf|fi|br|nh|ad) ?/, line);
    if (!line.startsWith('.\\"')) assert.doesNotMatch(line.replace(/\\-/g, '').replace(/\\\(->/g, ''), /(^|[^\\])-/, `unescaped minus: ${line}`);
  }
  if (spawnSync('groff', ['--version'], { stdio: 'ignore' }).status !== 0) {
    t.skip('groff is not installed');
    return;
  }
  const r = spawnSync('groff', ['-man', '-Tutf8', '-ww', '-z'], { input: page, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
});
