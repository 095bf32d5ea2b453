/**
 * man/rmqx.1 from the command tree: `npm run man` writes it, test/unit/man.test.ts fails when
 * the file differs from what the current tree generates. Deterministic: no clock, no
 * environment; the version comes from package.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { buildProgram } from '../src/cli/program.js';
import { allCommands, argUsage, describeProgram, type ArgInfo, type CommandInfo, type OptionInfo, type ProgramInfo } from '../src/cli/tree.js';
import { SETTINGS } from '../src/config/settings.js';
import { LIST_SCOPE_WORDS } from '../src/commands/scope.js';
import { FILE_FORMAT_WORDS, PLAN_SIGN_WORDS } from '../src/commands/apply/words.js';
import type { Io } from '../src/io.js';

export const MAN_PATH = fileURLToPath(new URL('../man/rmqx.1', import.meta.url));

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** The program as main() builds it, with streams that go nowhere: only its tree is read. */
export function manProgram(): Promise<Command> {
  const sink = () => new PassThrough();
  const io: Io = {
    stdin: sink(),
    stdout: sink(),
    stderr: sink(),
    stdinIsTTY: false,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    columns: 80,
    cwd: '/',
    interrupted: new Promise(() => {}),
  };
  return buildProgram({ io, env: {}, onContext: () => {} });
}

// ---------------------------------------------------------------------------------------------
// roff

const CHARS: Record<string, string> = {
  '\\': '\\e',
  '-': '\\-',
  '…': '...',
  '—': '\\(em',
  '–': '\\(en',
  '→': '\\(->',
  '’': "'",
  '“': '"',
  '”': '"',
};

/** Text for a roff line: backslashes and minus signs escaped, no control character at the start. */
export function esc(text: string): string {
  return literal(text.replace(/\s+/g, ' ').trim());
}

/** A line of a no-fill block: spacing kept, escaped like esc(). */
function literal(line: string): string {
  const s = line.replace(/[\\\-…—–→’“”]/g, (c) => CHARS[c] as string);
  return /^[.']/.test(s) ? `\\&${s}` : s;
}

const b = (s: string) => `\\fB${esc(s)}\\fR`;
const i = (s: string) => `\\fI${esc(s)}\\fR`;

/** Help texts are phrases ("list queues"); the page wants sentences: a capital, a full stop. */
function sentence(s: string): string {
  const t = s.trim().replace(/^[a-z]/, (c) => c.toUpperCase());
  return /[.!?:]$/.test(t) ? t : `${t}.`;
}

function optionTerm(o: OptionInfo): string {
  const names = [o.short, o.long].filter(Boolean).map((f) => b(f as string)).join(', ');
  if (o.value === undefined) return names;
  return o.optionalValue ? `${names} [${i(o.value)}]` : `${names} ${i(o.value)}`;
}

function optionBody(o: OptionInfo, withSetting: boolean): string[] {
  let text = sentence(o.description);
  if (o.choices && !o.choices.every((c) => o.description.includes(c))) text += ` One of: ${o.choices.join(', ')}.`;
  if (withSetting && o.env) text += ` Environment: ${o.env}.`;
  if (o.default !== undefined && o.default !== '') text += ` Default: ${o.default}.`;
  return [esc(text)];
}

function argTerm(a: ArgInfo): string {
  return i(a.name) + (a.variadic ? '...' : '');
}

function usage(c: CommandInfo): string {
  const words = c.path.map(b).join(' ');
  const args = argUsage(c.args)
    .split(' ')
    .filter(Boolean)
    .map((w) => w.replace(/^([<[])(.*?)(\.\.\.)?([>\]])$/, (_m, open: string, name: string, dots: string | undefined) => (open === '[' ? `[${i(name)}${dots ?? ''}]` : `${i(name)}${dots ?? ''}`)))
    .join(' ');
  const opts = c.options.length ? ' [\\fIoptions\\fR]' : '';
  return `${b('rmqx')} ${words}${args ? ` ${args}` : ''}${opts}`;
}

/** One runnable command: its usage as the tag, description, then arguments and options. */
function leaf(c: CommandInfo): string[] {
  const out = ['.TP', usage(c), esc(sentence(c.description))];
  const args = c.args.filter((a) => a.description || a.choices);
  if (args.length || c.options.length) {
    out.push('.RS');
    for (const a of args) {
      let text = a.description ? sentence(a.description) : '';
      if (a.choices && !a.choices.every((ch) => a.description.includes(ch))) text += `${text ? ' ' : ''}One of: ${a.choices.join(', ')}.`;
      out.push('.TP', argTerm(a), esc(text));
    }
    for (const o of c.options) out.push('.TP', optionTerm(o), ...optionBody(o, false));
    out.push('.RE');
  }
  return out;
}

function commandsSection(info: ProgramInfo): string[] {
  const out = ['.SH COMMANDS'];
  out.push(
    esc('Every command also takes the global options. A noun without a verb prints its verbs; `rmqx NOUN VERB --help` prints one command\'s options.'),
  );
  for (const c of info.commands) {
    const title = c.aliases.length ? `${c.name} (${c.aliases.join(', ')})` : c.name;
    out.push(`.SS "${esc(title).replace(/"/g, '\\(dq')}"`);
    if (c.commands.length) {
      out.push(esc(sentence(c.description)));
      // a verb that is a noun of its own (vhost limit set …): its verbs, each with its whole path
      const leaves = (v: CommandInfo): CommandInfo[] => (v.commands.length ? v.commands.flatMap(leaves) : [v]);
      for (const v of c.commands.flatMap(leaves)) out.push(...leaf(v));
    } else {
      out.push(...leaf(c));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// fixed sections: the contract of CLI.md, in the page's words

const EXIT_CODES: Array<[string, string]> = [
  ['0', 'success (an idempotent declare that changed nothing is success)'],
  ['1', 'the operation ran and its outcome is negative: health check failed, message nacked or unroutable with --mandatory, get on an empty queue with --require'],
  ['2', '--detailed-exitcode only: the command changed something on the broker'],
  ['3', 'partial: a bulk command did some items and failed others'],
  ['64', 'usage: unknown command or flag, bad value, missing --yes without a terminal'],
  ['65', 'data: the broker refused the request (400, 405, inequivalent arguments, PRECONDITION_FAILED), or an input file is invalid'],
  ['66', 'not found: the named object does not exist (404, AMQP NOT_FOUND)'],
  ['69', 'unavailable: connection refused, DNS, TLS failure, 5xx'],
  ['70', 'internal error (a bug; the stack trace only with --verbose)'],
  ['75', 'temporary: timeout, 503, resource alarm blocking the connection; worth retrying'],
  ['77', 'permission: 401, 403, ACCESS_REFUSED'],
  ['78', 'configuration: unreadable or invalid config file, unknown profile, a config file holding a password that others can read'],
  ['130', 'interrupted (Ctrl-C)'],
];

/**
 * Examples appear only while the command they show exists; test/unit/man.test.ts checks that
 * every flag they use is one that command accepts.
 */
export const EXAMPLES: Array<{ path: string[]; text: string; command: string }> = [
  { path: ['vhost', 'add'], text: 'Add a virtual host; running it again changes nothing and exits 0:', command: 'rmqx vhost add shop --description "web shop"' },
  { path: ['queue', 'declare'], text: 'Declare a quorum queue in it:', command: 'rmqx queue declare orders --type quorum -V shop' },
  { path: ['queue', 'list'], text: 'Queue names and depths as tab-separated rows, for a script:', command: 'rmqx queue list -V shop --columns name,messages | sort -k2 -n' },
  { path: ['user', 'add'], text: 'A user for CI, its password read from a file, never from the command line:', command: 'rmqx user add ci --password-file ./ci.pw --tags monitoring' },
  { path: ['publish'], text: 'Publish a JSON message and wait for the broker to confirm it:', command: `rmqx publish '{"id": 17}' -V shop -e orders -k eu.created --content-type application/json` },
  { path: ['get'], text: 'Look at the first five messages of a queue without taking them:', command: 'rmqx get orders -V shop -n 5 --json' },
  { path: ['consume'], text: 'Take ten messages, one JSON line each:', command: 'rmqx consume orders -V shop -n 10 --json > orders.ndjson' },
  { path: ['tap'], text: 'Watch the messages passing through an exchange, taking none of them:', command: "rmqx tap orders -V shop -k 'eu.#' --json" },
  { path: ['rpc'], text: 'Call a service that answers on reply_to, waiting at most 5 seconds:', command: `rmqx rpc '{"n": 30}' -k rpc_queue --timeout 5` },
  { path: ['queue', 'move'], text: 'Move dead-lettered messages back to their queue; each is acked only once the broker confirmed its copy:', command: 'rmqx queue move orders.dlq orders -V shop' },
  { path: ['overview'], text: 'Versions and totals of the cluster a profile points at:', command: 'rmqx overview --profile prod' },
  { path: ['connection', 'list'], text: 'Names of all client connections, with jq:', command: "rmqx connection list --json | jq -r '.[].name'" },
  { path: ['connection', 'close'], text: 'Close one connection, telling the client why:', command: 'rmqx connection close "10.0.0.7:52310 -> 10.0.0.2:5672" --reason "maintenance"' },
  { path: ['config', 'show'], text: 'Which URL, user and vhost would be used, and where each came from:', command: 'RMQX_VHOST=shop rmqx config show' },
  { path: ['completion'], text: 'Completion for the current bash:', command: 'source <(rmqx completion bash)' },
];

export function hasPath(info: ProgramInfo, path: string[]): boolean {
  return allCommands(info).some((c) => c.path.join(' ') === path.join(' '));
}

export function renderMan(program: Command): string {
  const info = describeProgram(program);
  const version = packageVersion();
  const L: string[] = [];
  L.push(
    '.\\" rmqx(1), generated from the command tree by scripts/gen-man.ts. Do not edit: run npm run man.',
    `.TH RMQX 1 "" "rmqx ${esc(version)}" "User Commands"`,
    // no hyphenation, ragged right: option names and paths stay whole
    '.nh',
    '.ad l',
    '.SH NAME',
    `rmqx \\- ${esc(info.description)}`,
    '.SH SYNOPSIS',
    `${b('rmqx')} ${i('noun')} ${i('verb')} [${i('name')}] [${i('options')}]`,
    '.br',
    `${b('rmqx')} ${i('command')} [${i('arguments')}] [${i('options')}]`,
    '.br',
    `${b('rmqx')} ${b('--help')} | ${b('--version')}`,
    '.SH DESCRIPTION',
    esc(
      'rmqx manages a RabbitMQ broker from the shell: topology (virtual hosts, users, permissions, exchanges, queues, bindings) and the cluster (nodes, connections, channels, consumers) over the management HTTP API, and messages over AMQP 0-9-1.',
    ),
    '.PP',
    esc(
      'Commands read `rmqx NOUN VERB [NAME] [flags]`. Nouns are singular with a plural alias (queue, queues). The object\'s name is positional; everything else is a flag. Global options may stand anywhere on the line; given both before the noun and after the verb, the later one wins.',
    ),
    '.PP',
    esc(
      'Standard output carries data only; notes, warnings and errors go to standard error. On a terminal data is shown as a table, through a pipe as tab-separated rows without a header (tabs and newlines inside a value escaped as \\t and \\n), and with --json as one JSON document that keeps the management API\'s own field names. An error is one line, `rmqx: what failed: the broker\'s reason`, and at most one hint line.',
    ),
    '.PP',
    esc(
      'declare, add and set are idempotent: the same arguments again change nothing and exit 0; different immutable properties exit 65 naming the property. delete and clear take --if-exists. A command that touches many objects or messages asks on a terminal and needs --yes otherwise; rmqx never prompts when standard input is not a terminal. Every argument is checked before anything is sent.',
    ),
    '.SH GLOBAL OPTIONS',
    esc('Accepted by every command, before the noun or after the verb. The connection settings among them are resolved as described under SETTINGS.'),
  );
  for (const o of info.globals) L.push('.TP', optionTerm(o), ...optionBody(o, true));
  L.push(...commandsSection(info));

  L.push(
    '.SH SETTINGS',
    esc('Each connection setting is resolved once, from the first of these that gives it:'),
    '.IP 1. 4',
    esc('a flag on the command line;'),
    '.IP 2. 4',
    esc('an environment variable (RMQX_*; an empty one counts as unset);'),
    '.IP 3. 4',
    esc('the selected profile of the config file;'),
    '.IP 4. 4',
    esc('the default.'),
    '.PP',
    esc(
      'A user and password in the management URL (http://user:password@host:15672) come before the defaults only. At each level a password beats a password file. The AMQP URL defaults to the host of the management URL, port 5672 (5671 for https), with the same user and vhost. Several management URLs, comma-separated, are tried in order until one answers.',
    ),
    '.PP',
    `${b('rmqx config show')} ${esc('prints each resolved value and where it came from, secrets masked, without contacting the broker.')}`,
  );

  const profileKeys = SETTINGS.filter((s) => s.file);
  L.push(
    '.SH CONFIG FILE',
    `${esc('The config file is')} ${i('$XDG_CONFIG_HOME/rmqx/config.json')} ${esc('(')}${i('~/.config/rmqx/config.json')} ${esc('when XDG_CONFIG_HOME is unset), or the file named by --config or RMQX_CONFIG. It is JSON: an object "profiles" whose members are named profiles; --profile or RMQX_PROFILE selects one, "default" when neither is given.')}`,
    '.PP',
    '.RS',
    '.nf',
    ...configExample().map(literal),
    '.fi',
    '.RE',
    '.PP',
    esc('A profile may hold these keys:'),
  );
  for (const s of profileKeys) {
    const text = PROFILE_KEY_TEXT[s.file as string] ?? sentence(s.description);
    L.push('.TP', b(s.file as string), esc(s.boolean ? `${text} true or false.` : text));
  }
  L.push(
    '.PP',
    esc('Any other key, a file that is not valid JSON, a missing file named by --config, and an unknown profile named by --profile are configuration errors (exit 78). A config file that holds a password and can be read by its group or others is refused (exit 78) until its mode is fixed:'),
    '.PP',
    '.RS',
    '.nf',
    esc('chmod 600 ~/.config/rmqx/config.json'),
    '.fi',
    '.RE',
    '.PP',
    esc('password_file avoids storing the password itself: its first line is the password.'),
  );

  L.push('.SH LISTS');
  for (const line of LIST_SCOPE_WORDS) L.push('.PP', esc(line));
  L.push('.PP', esc('--columns names API fields (dotted paths reach nested ones: message_stats.publish); a name that is neither a column nor a field of the object is exit 64, listing the valid ones.'));

  L.push('.SH DEFINITIONS FILES');
  for (const line of [...FILE_FORMAT_WORDS, ...PLAN_SIGN_WORDS]) L.push('.PP', esc(line));
  L.push('.PP', esc('An example (YAML):'), '.PP', '.RS', '.nf', ...DEFINITIONS_EXAMPLE.map(literal), '.fi', '.RE');

  L.push('.SH EXIT STATUS');
  for (const [code, meaning] of EXIT_CODES) L.push('.TP', b(code), esc(sentence(meaning)));

  L.push('.SH ENVIRONMENT');
  for (const s of SETTINGS) if (s.env) L.push('.TP', b(s.env), esc(`Same as ${s.flags.match(/--[a-z-]+/)?.[0] ?? s.flags}: ${sentence(s.description)}`));
  L.push(
    '.TP',
    b('NO_COLOR'),
    esc('Any non-empty value turns colour off, as --no-color does.'),
    '.TP',
    b('FORCE_COLOR'),
    esc('Colour even through a pipe (1, 2 or 3 for the number of colours); 0 turns it off.'),
    '.TP',
    b('XDG_CONFIG_HOME'),
    esc('Where the default config file is looked for; ~/.config when unset.'),
    '.TP',
    b('XDG_CACHE_HOME'),
    esc('Where rmqx keeps the code V8 compiled for each command (rmqx/code, about 0.3-0.5 MB per command used, at most 64 entries), so that later runs start sooner; ~/.cache when unset. Safe to delete at any time.'),
    '.TP',
    b('NODE_DISABLE_COMPILE_CACHE'),
    esc("Any non-empty value: no compiled code is read or kept (Node.js's own variable for its cache)."),
  );

  const examples = EXAMPLES.filter((e) => hasPath(info, e.path));
  if (examples.length) {
    L.push('.SH EXAMPLES');
    for (const e of examples) L.push('.PP', esc(e.text), '.PP', '.RS', '.nf', literal(e.command), '.fi', '.RE');
  }

  L.push('.SH SEE ALSO', `${b('rabbitmqctl')}(8), ${b('rabbitmq-diagnostics')}(8), ${b('rabbitmqadmin')}(1), ${b('amqp-publish')}(1), ${b('jq')}(1)`);
  L.push('.PP', esc('The management HTTP API reference is served by the broker at /api/index.html on its management port.'));
  return L.join('\n') + '\n';
}

const DEFINITIONS_EXAMPLE = [
  'vhosts:',
  '  - name: shop',
  '    description: web shop',
  '    limits: {max-queues: 500}',
  'users:',
  '  - name: svc',
  '    password_env: SVC_PASSWORD',
  '    tags: [monitoring]',
  'permissions:',
  '  - {user: svc, vhost: shop, configure: "^svc\\.", write: ".*", read: ".*"}',
  'exchanges:',
  '  - {name: events, vhost: shop, type: topic}',
  'queues:',
  '  - {name: orders, vhost: shop, type: quorum, arguments: {x-delivery-limit: 5}}',
  'bindings:',
  '  - {source: events, vhost: shop, destination: orders, destination_type: queue, routing_key: "order.#"}',
  'policies:',
  '  - {name: ttl, vhost: shop, pattern: "^orders$", apply-to: queues, definition: {message-ttl: 86400000}}',
];

/** Where the flag's help text speaks of the command line, the config key needs its own words. */
const PROFILE_KEY_TEXT: Record<string, string> = {
  password: 'The password. The file must then be readable by its owner only (chmod 600).',
  password_file: 'A file whose first line is the password.',
  timeout: 'Timeout for each request, in seconds (a number).',
};

function configExample(): string[] {
  return [
    '{',
    '  "profiles": {',
    '    "default": {',
    '      "url": "http://127.0.0.1:15672",',
    '      "username": "guest",',
    '      "password": "guest"',
    '    },',
    '    "prod": {',
    '      "url": "https://rabbit-1.example.com:15671,https://rabbit-2.example.com:15671",',
    '      "amqp_url": "amqps://rabbit-1.example.com:5671",',
    '      "username": "ops",',
    '      "password_file": "/home/ops/.rmqx-password",',
    '      "vhost": "shop",',
    '      "cacert": "/etc/ssl/rabbit-ca.pem",',
    '      "cert": "/home/ops/.rmqx/client.pem",',
    '      "key": "/home/ops/.rmqx/client.key",',
    '      "insecure": false,',
    '      "timeout": 10',
    '    }',
    '  }',
    '}',
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  mkdirSync(dirname(MAN_PATH), { recursive: true });
  writeFileSync(MAN_PATH, renderMan(await manProgram()));
  console.error(`wrote ${MAN_PATH}`);
}
