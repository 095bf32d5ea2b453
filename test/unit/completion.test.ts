import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInProcess } from '../helpers/memory-io.js';
import { manProgram } from '../../scripts/gen-man.js';
import { allCommands, describeProgram, effectiveOptions } from '../../src/cli/tree.js';

const dir = mkdtempSync(join(tmpdir(), 'rmqx-completion-'));
const info = describeProgram(await manProgram());

function has(shell: string): boolean {
  return spawnSync(shell, ['-c', 'exit 0'], { stdio: 'ignore' }).status === 0;
}

async function script(shell: string): Promise<string> {
  const r = await runInProcess(['completion', shell]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  const path = join(dir, `rmqx.${shell}`);
  writeFileSync(path, r.stdout);
  return path;
}

/**
 * Each case is a command line as bash splits it (COMP_WORDBREAKS makes '=' and ':' words of
 * their own), completed at its last word. A stub `rmqx` function stands in for the binary the
 * script asks for names; it logs its arguments.
 */
function bashComplete(path: string, lines: string[][]): { replies: string[][]; calls: string[] } {
  const log = join(dir, `calls-${Math.random().toString(16).slice(2)}`);
  const body = [
    `source ${JSON.stringify(path)}`,
    `rmqx() { printf '%s\\n' "$*" >> ${JSON.stringify(log)}; printf 'orders\\norders.dlq\\nq two\\n'; }`,
    ...lines.map((words) => {
      const arr = words.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ');
      return `COMP_WORDS=(${arr}); COMP_CWORD=${words.length - 1}; COMPREPLY=(); _rmqx; printf '%s\\x1f' "\${COMPREPLY[@]}"; printf '\\n'`;
    }),
    `cat ${JSON.stringify(log)} 2>/dev/null | sed 's/^/CALL /'`,
  ].join('\n');
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', body], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  const out = r.stdout.split('\n');
  const replies = out.slice(0, lines.length).map((l) => l.split('\x1f').filter(Boolean));
  const calls = out.filter((l) => l.startsWith('CALL ')).map((l) => l.slice(5));
  return { replies, calls };
}

test('completion: an unknown or missing shell is 64', async () => {
  const bad = await runInProcess(['completion', 'tcsh']);
  assert.equal(bad.code, 64);
  assert.match(bad.stderr, /^rmqx: .*'tcsh'.*bash, zsh, fish/);
  assert.equal(bad.stdout, '');
  const none = await runInProcess(['completion']);
  assert.equal(none.code, 64);
  assert.match(none.stderr, /missing required argument 'shell'/);
});

test('bash: the script passes bash -n and is generated from the command tree', async () => {
  const path = await script('bash');
  const check = spawnSync('bash', ['-n', path], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stderr);
  const text = (await runInProcess(['completion', 'bash'])).stdout;
  assert.match(text, /^complete -F _rmqx rmqx$/m);
  for (const c of allCommands(info)) assert.ok(text.includes(`'${c.path.slice(0, -1).join(' ')}|${c.name}'`), `no ${c.path.join(' ')} in the bash script`);
});

test('bash: rmqx qu<TAB> is queue; verbs, options and choices complete', async () => {
  const path = await script('bash');
  const cfg = join(dir, 'config-for-completion.json');
  writeFileSync(cfg, '{}');
  const { replies } = bashComplete(path, [
    ['rmqx', 'qu'],
    ['rmqx', 'queues', 'de'],
    ['rmqx', 'queue', 'declare', 'x', '--ty'],
    ['rmqx', 'queue', 'declare', 'x', '--type', ''],
    ['rmqx', 'queue', 'declare', 'x', '--type', '=', 'qu'],
    ['rmqx', '-o', ''],
    ['rmqx', '--output', '=', 'j'],
    ['rmqx', '--url', 'http', ':', '//h', ':', '1', 'connection', 'c'],
    ['rmqx', 'connection', 'close', 'x', '--re'],
    ['rmqx', 'config', 'show', '--prof'],
    ['rmqx', 'completion', ''],
    ['rmqx', '--config', join(dir, 'config-for-comp')],
    ['rmqx', 'node', 'list', '--vers'],
    ['rmqx', '--vers'],
    ['rmqx', 'frob', ''],
  ]);
  assert.deepEqual(replies[0], ['queue']);
  assert.deepEqual(replies[1], ['declare', 'delete']);
  assert.deepEqual(replies[2], ['--type']);
  assert.deepEqual(replies[3], ['classic', 'quorum', 'stream']);
  assert.deepEqual(replies[4], ['quorum']);
  assert.deepEqual(replies[5], ['table', 'tsv', 'json']);
  assert.deepEqual(replies[6], ['json']);
  assert.deepEqual(replies[7], ['close']);
  assert.deepEqual(replies[8], ['--reason']);
  assert.deepEqual(replies[9], ['--profile']);
  assert.deepEqual(replies[10], ['bash', 'zsh', 'fish']);
  assert.deepEqual(replies[11], [cfg]);
  assert.deepEqual(replies[12], [], '--version belongs to the root only');
  assert.deepEqual(replies[13], ['--version']);
  // an unknown word leaves the root's commands on offer
  assert.ok(replies[14]?.includes('queue') && replies[14]?.includes('overview'), String(replies[14]));
});

test('bash: every noun offers exactly its verbs, every command its own and the global options', async () => {
  const path = await script('bash');
  const nouns = info.commands.filter((c) => c.commands.length > 0);
  const leaves = allCommands(info).filter((c) => c.commands.length === 0);
  const { replies } = bashComplete(path, [['rmqx', ''], ...nouns.map((n) => ['rmqx', n.aliases[0] ?? n.name, '']), ...leaves.map((c) => ['rmqx', ...c.path, '-'])]);
  assert.deepEqual(replies[0], info.commands.map((c) => c.name));
  nouns.forEach((n, i) => assert.deepEqual(replies[i + 1], n.commands.map((v) => v.name), n.name));
  leaves.forEach((c, i) => {
    const expected = effectiveOptions(info, c).flatMap((o) => [o.long, o.short].filter(Boolean) as string[]);
    assert.deepEqual(new Set(replies[nouns.length + 1 + i]), new Set(expected), c.path.join(' '));
    assert.ok(expected.includes('--json') && expected.includes('--vhost') && expected.includes('--help'), c.path.join(' '));
  });
});

test('bash: names of existing objects come from rmqx NOUN list, with the connection flags on the line', async () => {
  const path = await script('bash');
  const { replies, calls } = bashComplete(path, [
    ['rmqx', '-V', 'shop', 'queue', 'delete', 'ord'],
    ['rmqx', 'queue', 'declare', ''],
    ['rmqx', '--vhost', ''],
    ['rmqx', 'connection', 'close', 'q'],
    ['rmqx', 'queue', 'purge', '--url', 'http', ':', '//h', ':', '1', '--insecure', '--json', 'o'],
  ]);
  assert.deepEqual(replies[0], ['orders', 'orders.dlq']);
  assert.deepEqual(replies[1], [], 'a new name is not completed');
  assert.deepEqual(replies[2], ['orders', 'orders.dlq', 'q\\ two']);
  assert.deepEqual(replies[3], ['q\\ two']);
  assert.deepEqual(replies[4], ['orders', 'orders.dlq']);
  assert.deepEqual(calls, [
    'queue list -o tsv --columns name --timeout 3 -V shop',
    'vhost list -o tsv --columns name --timeout 3',
    'connection list -o tsv --columns name --timeout 3',
    'queue list -o tsv --columns name --timeout 3 --url http://h:1 --insecure',
  ]);
});

test('zsh: a #compdef script with descriptions; zsh -n and a simulated completion when zsh is installed', async (t) => {
  const path = await script('zsh');
  const text = (await runInProcess(['completion', 'zsh'])).stdout;
  assert.match(text, /^#compdef rmqx\n/);
  assert.match(text, /compdef _rmqx rmqx/);
  assert.match(text, /'queue:queues[^']*'/);
  assert.match(text, /'--type:[^']*'/);
  if (!has('zsh')) {
    t.skip('zsh is not installed');
    return;
  }
  const log = join(dir, 'zsh-calls');
  const check = spawnSync('zsh', ['-n', path], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stderr);
  // the completion system's builtins replaced by functions that print what they were given
  const body = [
    'compdef() { :; }',
    `source ${JSON.stringify(path)}`,
    'typeset -A compstate; compstate[nmatches]=1',
    '_describe() { local n=${@[-1]}; print -r -- "describe ${(j:,:)${(@)${(@P)n}%%:*}}"; }',
    'compadd() { local -a a; a=("${(@P)2}"); print -r -- "compadd ${(j:,:)a}"; }',
    '_files() { print -r -- files; }',
    'compset() { :; }',
    `rmqx() { print -r -- "$*" >> ${JSON.stringify(log)}; print -r -- orders; }`,
    't() { words=("$@"); CURRENT=$#words; _rmqx; }',
    "t rmqx ''",
    "t rmqx queue declare x --type ''",
    "t rmqx queue declare x --type=q",
    "t rmqx -V shop queue show ''",
    "t rmqx --config ''",
    "t rmqx completion ''",
  ].join('\n');
  const r = spawnSync('zsh', ['-f', '-c', body], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines[0], `describe ${info.commands.map((c) => c.name).join(',')}`);
  assert.equal(lines[1], 'compadd classic,quorum,stream');
  assert.equal(lines[2], 'compadd classic,quorum,stream');
  assert.equal(lines[3], 'compadd orders');
  assert.equal(lines[4], 'files');
  assert.equal(lines[5], 'compadd bash,zsh,fish');
  assert.equal(readFileSync(log, 'utf8'), 'queue list -o tsv --columns name --timeout 3 -V shop\n');
});

test('fish: complete lines from the tree; fish parses it and completes rmqx qu to queue when installed', async (t) => {
  const path = await script('fish');
  const text = (await runInProcess(['completion', 'fish'])).stdout;
  assert.match(text, /^complete -c rmqx -f$/m);
  assert.match(text, /^complete -c rmqx -n '__rmqx_is \\'\\'' -a 'queue' -d '/m);
  assert.match(text, /^complete -c rmqx -s o -l output -x -a 'table tsv json' -d 'output format'$/m);
  if (!has('fish')) {
    t.skip('fish is not installed');
    return;
  }
  const check = spawnSync('fish', ['--no-execute', path], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stderr);
  const lines = ['rmqx qu', 'rmqx queues de', 'rmqx queue declare x --type ', 'rmqx -V shop queue delete ', 'rmqx connection close --rea'];
  const body = [`source ${JSON.stringify(path)}`, `function rmqx; echo orders; echo "q two"; end`, ...lines.map((l) => `complete -C${JSON.stringify(l)} | cut -f1 | string join ,`), 'true'].join('\n');
  const r = spawnSync('fish', ['--no-config', '-c', body], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.stdout.trimEnd().split('\n'), ['queue', 'declare,delete', 'classic,quorum,stream', 'orders,q two', '--reason']);
});

test('the tree: choices come from commander and from choice() parsers alike', () => {
  const find = (path: string) => allCommands(info).find((c) => c.path.join(' ') === path);
  const vhostAdd = find('vhost add');
  assert.deepEqual(vhostAdd?.options.find((o) => o.long === '--default-queue-type')?.choices, ['classic', 'quorum', 'stream']);
  assert.deepEqual(find('completion')?.args[0]?.choices, ['bash', 'zsh', 'fish']);
  assert.deepEqual(info.globals.find((o) => o.long === '--output')?.choices, ['table', 'tsv', 'json']);
  const vhost = info.globals.find((o) => o.long === '--vhost');
  assert.equal(vhost?.env, 'RMQX_VHOST');
  assert.equal(vhost?.default, '/');
  assert.equal(vhost?.description, 'virtual host');
  assert.equal(info.globals.find((o) => o.long === '--config')?.file, true);
  assert.deepEqual(find('connection')?.aliases, ['connections']);
});
