/**
 * Bad input, as a table: each row is a command line, the exit code it must give and the start of
 * the one line it must print (at most one hint may follow; never a stack trace), and each row
 * checks that the broker did not change (this file's vhost's definitions, and the users,
 * vhosts and global parameters a row names). Everything is refused before any request except
 * what only the broker can judge (a missing policy, an unknown component), which changes nothing.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, dropVhost, freshVhost, rmqx } from '../helpers/cli.js';

let V = '';
const dir = mkdtempSync(join(tmpdir(), 'rmqx-bad-input-'));
const FILE = join(dir, 'ok.json');
before(async () => {
  V = await freshVhost('bad-input');
  writeFileSync(FILE, JSON.stringify({ queues: [] }));
});
after(async () => {
  await dropVhost(V);
  rmSync(dir, { recursive: true, force: true });
});

/** What a row could have changed: this vhost's objects, and the cluster-wide names the rows use. */
async function state(): Promise<string> {
  const defs = (await api('GET', `/api/definitions/${encodeURIComponent(V)}`)).body as Record<string, unknown>;
  const { rabbit_version: _a, rabbitmq_version: _b, product_version: _c, product_name: _d, explanation: _e, ...objects } = defs;
  const users = ((await api('GET', '/api/users')).body as Array<{ name: string }>).map((u) => u.name).filter((n) => n === 'u' || n === '');
  const globals = ((await api('GET', '/api/global-parameters')).body as Array<{ name: string }>).map((g) => g.name).filter((n) => n === 'g');
  const guestLimits = (await api('GET', '/api/user-limits/guest')).body;
  return JSON.stringify({ objects, users, globals, guestLimits });
}

/** The rows, made once the vhost's name is known. */
const rows = (): Array<[string[], number, string]> => [
  [["frobnicate"], 64, `rmqx: unknown command 'frobnicate'`],
  [["queue", "frobnicate"], 64, `rmqx: unknown command 'frobnicate'`],
  [["queue", "declare", "q", "--no-such-flag"], 64, `rmqx: unknown option '--no-such-flag'`],
  [["queue", "declare"], 64, `rmqx: missing required argument 'name'`],
  [["queue", "declare", "q", "--type", "lazy"], 64, `rmqx: option '--type <type>' argument 'lazy' is invalid. 'lazy' is not one of classic, quo`],
  [["queue", "declare", "q", "--max-length", "-5"], 64, `rmqx: option '--max-length <n>' argument '-5' is invalid. '-5' is not a whole number >= 0`],
  [["queue", "declare", "q", "--max-length", "abc"], 64, `rmqx: option '--max-length <n>' argument 'abc' is invalid. 'abc' is not a whole number >= `],
  [["queue", "declare", "q", "--message-ttl", "5", "years"], 64, `rmqx: too many arguments for 'declare'. Expected 1 argument but got 2.`],
  [["queue", "declare", "q", "--type", "stream", "--max-priority", "5"], 64, `rmqx: x-max-priority (--max-priority) is not supported by stream queues, only by classic q`],
  [["queue", "declare", "q", "--type", "quorum", "--max-priority", "5"], 64, `rmqx: x-max-priority (--max-priority) is not supported by quorum queues, only by classic q`],
  [["queue", "declare", "q", "--arg", "x-max-length="], 64, `rmqx: argument x-max-length must be a whole number >= 0, got`],
  [["queue", "declare", "q", "--arg", "=5"], 64, `rmqx: option '--arg <key=value>' argument '=5' is invalid. '=5' is not key=value (key:=val`],
  [["queue", "declare", "q", "--arg", "j={bad"], 64, `rmqx: option '--arg <key=value>' argument 'j={bad' is invalid. '{bad' starts like JSON but`],
  [["queue", "declare", "q", "--arg", "n=1e999"], 64, `rmqx: option '--arg <key=value>' argument 'n=1e999' is invalid. '1e999' is a number out of`],
  [["queue", "declare", "amq.foo"], 64, `rmqx: queue names starting with 'amq.' are reserved for the broker: 'amq.foo'`],
  [["queue", "declare", ""], 64, `rmqx: queue name is empty`],
  [["queue", "list", "--name-regex", "("], 64, `rmqx: option '--name-regex <regex>' argument '(' is invalid. not a valid regular expressio`],
  [["queue", "list", "--page-size", "501"], 64, `rmqx: option '--page-size <n>' argument '501' is invalid. at most 500 (the API's limit)`],
  [["queue", "list", "--columns", "nosuchcolumn"], 64, `rmqx: --columns: unknown column 'nosuchcolumn'`],
  [["queue", "purge", "q"], 64, `rmqx: purge every message in queue 'q' in vhost '${V}': refusing without --yes when not on`],
  [["queue", "delete", "--name-regex", "("], 64, `rmqx: option '--name-regex <regex>' argument '(' is invalid. not a valid regular expressio`],
  [["queue", "delete", "q", "--name-regex", "x"], 64, `rmqx: queue NAME and --name-regex: give one of them`],
  [["queue", "move", "q", "q"], 64, `rmqx: source and destination are the same queue`],
  [["exchange", "declare", "x", "--type", "nosuch"], 64, `rmqx: option '--type <type>' argument 'nosuch' is invalid. 'nosuch' is not one of direct, `],
  [["exchange", "declare", "", "--type", "topic"], 64, `rmqx: exchange name is empty (the default exchange '' cannot be declared)`],
  [["exchange", "declare", "amq.x", "--type", "topic"], 64, `rmqx: exchange names starting with 'amq.' are reserved for the broker: 'amq.x'`],
  [["exchange", "bind", "a", "b", "--arguments", "{"], 64, `rmqx: option '--arguments <json>' argument '{' is invalid. not valid JSON (Expected proper`],
  [["vhost", "add", ""], 64, `rmqx: vhost name is empty`],
  [["vhost", "limit", "set", `${V}`, "--max-queues", "-2"], 64, `rmqx: option '--max-queues <n>' argument '-2' is invalid. '-2' is negative: a limit is a w`],
  [["vhost", "limit", "set", `${V}`, "--max-queues", "x"], 64, `rmqx: option '--max-queues <n>' argument 'x' is invalid. 'x' is not a whole number >= 0`],
  [["vhost", "limit", "set", `${V}`], 64, `rmqx: vhost limit set '${V}': no limit given`],
  [["user", "add", ""], 64, `rmqx: user name is empty`],
  [["user", "add", "u", "--password-hash", "short"], 64, `rmqx: --password-hash: not a salted SHA-256 hash (base64 of 36 bytes)`],
  [["user", "add", "u", "--tags"], 64, `rmqx: too many arguments for 'add'. Expected 1 argument but got 2.`],
  [["user", "limit", "set", "guest", "--max-channels", "-7"], 64, `rmqx: option '--max-channels <n>' argument '-7' is invalid. '-7' is negative: a limit is a`],
  [["permission", "set", "guest"], 64, `rmqx: missing required argument 'configure'`],
  [["permission", "set", "guest", "(", ".*", ".*"], 64, `rmqx: the configure pattern '(' is not a valid regular expression: Unterminated group`],
  [["topic-permission", "set", "guest", "amq.topic"], 64, `rmqx: missing required argument 'write'`],
  [["policy", "set", "p"], 64, `rmqx: --pattern is required`],
  [["policy", "set", "p", "--pattern", "("], 64, `rmqx: option '--pattern <regex>' argument '(' is invalid. not a valid regular expression (`],
  [["policy", "set", "p", "--pattern", ".", "--message-ttl", "10y"], 64, `rmqx: option '--message-ttl <duration>' argument '10y' is invalid. '10y' is not a duration`],
  [["policy", "set", "p", "--pattern", ".", "--max-length-bytes", "10G"], 64, `rmqx: option '--max-length-bytes <size>' argument '10G' is invalid. '10G' is not a size: b`],
  [["policy", "set", "p", "--pattern", ".", "--apply-to", "nothing", "--max-length", "1"], 64, `rmqx: option '--apply-to <what>' argument 'nothing' is invalid. 'nothing' is not one of al`],
  [["policy", "set", "p", "--pattern", ".", "--priority", "x", "--max-length", "1"], 64, `rmqx: option '--priority <n>' argument 'x' is invalid. 'x' is not a whole number >= 0`],
  [["policy", "set", "p", "--pattern", ".", "--definition", "{bad"], 64, `rmqx: option '--definition <json>' argument '{bad' is invalid. not valid JSON (Expected pr`],
  [["policy", "set", "p", "--pattern", ".", "--definition", "[1]"], 64, `rmqx: option '--definition <json>' argument '[1]' is invalid. must be a JSON object, like `],
  [["policy", "set", "p", "--pattern", "."], 64, `rmqx: policy 'p': no definition`],
  [["policy", "patch", "nosuchpolicy", "--set", "max-length=1"], 66, `rmqx: patch policy 'nosuchpolicy' in vhost '${V}': it does not exist`],
  [["operator-policy", "set", "p", "--pattern", ".", "--definition", "{nosuch:1}"], 64, `rmqx: option '--definition <json>' argument '{nosuch:1}' is invalid. not valid JSON (Expec`],
  [["parameter", "set", "federation-upstream", "up", "{bad"], 64, `rmqx: VALUE '{bad': not valid JSON (Expected property name or '}' in JSON at position 1)`],
  [["parameter", "set", "nosuchcomponent", "x", "{}"], 65, `rmqx: set nosuchcomponent parameter 'x' in vhost '${V}': component nosuchcomponent not fou`],
  [["global-parameter", "set", "g", "{bad"], 64, `rmqx: VALUE '{bad': not valid JSON (Expected property name or '}' in JSON at position 1)`],
  [["shovel", "declare", "s"], 64, `rmqx: --src-uri is required`],
  [["shovel", "declare", "s", "--src-uri", "http://x", "--src-queue", "a", "--dest-uri", "amqp://", "--dest-queue", "b"], 64, `rmqx: --src-uri 'http://x': not an amqp:// or amqps:// URI`],
  [["shovel", "declare", "s", "--src-uri", "amqp://", "--src-queue", "a", "--src-exchange", "x", "--dest-uri", "amqp://", "--dest-queue", "b"], 64, `rmqx: give one of --src-queue and --src-exchange`],
  [["federation", "upstream", "declare", "up"], 64, `rmqx: --uri is required`],
  [["federation", "upstream", "declare", "up", "--uri", "ftp://x"], 64, `rmqx: --uri 'ftp://x': not an amqp:// or amqps:// URI`],
  [["feature-flag", "enable"], 64, `rmqx: missing required argument 'name'`],
  [["deprecated-feature", "list", "--nosuch"], 64, `rmqx: unknown option '--nosuch'`],
  [["health", "check", "nosuchcheck"], 64, `rmqx: command-argument value 'nosuchcheck' is invalid for argument 'name'. Allowed choices`],
  [["health", "check", "certificate-expiration", "--within", "soon"], 64, `rmqx: option '--within <period>' argument 'soon' is invalid. 'soon' is not a period: a who`],
  [["health", "check", "port-listener", "notaport"], 64, `rmqx: health check port-listener: 'notaport' is not a TCP port (1-65535)`],
  [["wait", "queue", "q", "--messages", "lots"], 64, `rmqx: option '--messages <n>' argument 'lots' is invalid. 'lots' is not a comparison: a wh`],
  [["wait", "queue", "q", "--timeout", "-1"], 64, `rmqx: option '--timeout <duration>' argument '-1' is invalid. '-1' is not a duration: seco`],
  [["wait", "nosuch"], 64, `rmqx: unknown command 'nosuch'`],
  [["route", "-k", "k"], 64, `rmqx: route: -e/--exchange is required`],
  [["publish", "-k", "q", "x", "--count", "0"], 64, `rmqx: option '-n, --count <n>' argument '0' is invalid. '0' must be at least 1`],
  [["publish", "-k", "q", "x", "--rate", "-1"], 64, `rmqx: option '--rate <per-second>' argument '-1' is invalid. '-1' is not a positive number`],
  [["publish", "-k", "q", "x", "-H", "novalue"], 64, `rmqx: option '-H, --header <k=v>' argument 'novalue' is invalid. 'novalue' is not key=valu`],
  [["publish", "-k", "q", "x", "-H", "j={bad"], 64, `rmqx: option '-H, --header <k=v>' argument 'j={bad' is invalid. '{bad' starts like JSON bu`],
  [["publish", "-k", "q", "x", "--priority", "300"], 64, `rmqx: option '--priority <0-255>' argument '300' is invalid. '300' must be from 0 to 255`],
  [["publish", "-k", "q", "x", "--delivery-mode", "3"], 64, `rmqx: option '--delivery-mode <1|2>' argument '3' is invalid. '3' is not one of 1, 2`],
  [["publish", "-k", "q", "x", "--expiration", "soon"], 64, `rmqx: option '--expiration <ms>' argument 'soon' is invalid. 'soon' is not a whole number `],
  [["publish", "-k", "q", "x", "--lines", "--ndjson"], 64, `rmqx: --lines and --ndjson cannot be used together`],
  [["publish", "-k", "q", "--count", "2", "--lines"], 64, `rmqx: --count repeats one body; it cannot be used with --lines or --ndjson`],
  [["publish", "-k", "q", "x", "--file", "/nonexistent"], 64, `rmqx: give the body as an argument or with --file, not both`],
  [["publish", "-k", "q", "x", "--persistent", "--delivery-mode", "1"], 64, `rmqx: option '--delivery-mode <1|2>' cannot be used with option '--persistent'`],
  [["get", "q", "--count", "0"], 64, `rmqx: option '-n, --count <n>' argument '0' is invalid. '0' must be at least 1`],
  [["get", "q", "--ack", "--reject"], 64, `rmqx: option '--reject' cannot be used with option '--ack'`],
  [["consume", "q", "--prefetch", "70000"], 64, `rmqx: option '--prefetch <n>' argument '70000' is invalid. '70000' is out of range: a pref`],
  [["consume", "q", "--offset", "sometime"], 64, `rmqx: --offset: 'sometime' is not first, last, next, an offset number, an ISO 8601 time (2`],
  [["consume", "q", "--idle-timeout", "-1"], 64, `rmqx: option '--idle-timeout <seconds>' argument '-1' is invalid. '-1' is not a positive n`],
  [["tap", ""], 64, `rmqx: the default exchange cannot be bound, so it cannot be tapped`],
  [["rpc", "-k", "q", "x", "--timeout", "0"], 64, `rmqx: option '--timeout <seconds>' argument '0' is invalid. '0' is not a positive number`],
  [["config", "show", "--profile", "nosuch"], 78, `rmqx: unknown profile 'nosuch': there is no config file at`],
  [["vhost", "list", "--config", "/nonexistent/config.json"], 78, `rmqx: config file '/nonexistent/config.json' does not exist or cannot be read`],
  [["vhost", "list", "--url", "ftp://host"], 64, `rmqx: --url: 'ftp://host' must start with http:// or https://`],
  [["vhost", "list", "--url", "http://host:99999"], 64, `rmqx: --url: the URL (not shown: it may hold a password) is not a URL`],
  [["vhost", "list", "--url", "http://u:p%zz@host"], 64, `rmqx: --url: the user or password in the URL has an invalid %-escape (write % as %25)`],
  [["vhost", "list", "--timeout", "abc"], 64, `rmqx: --timeout: 'abc' is not a positive number of seconds`],
  [["vhost", "list", "-o", "yaml"], 64, `rmqx: option '-o, --output <format>' argument 'yaml' is invalid. Allowed choices are table`],
  [["completion", "tcsh"], 64, `rmqx: command-argument value 'tcsh' is invalid for argument 'shell'. Allowed choices are b`],
  [["definitions", "export", "--strip-defaults", "-V", `${V}`, "--without-users"], 64, `rmqx: --without-users: a one-vhost export (-V) has no users`],
  [["definitions", "import", "/nonexistent.json"], 66, `rmqx: definitions file: cannot read '/nonexistent.json': ENOENT`],
  [["apply", "/nonexistent.json"], 66, `rmqx: definitions file: cannot read '/nonexistent.json': ENOENT`],
  [["plan"], 64, `rmqx: missing required argument 'file'`],
  [["apply", FILE, "--parallel", "0"], 64, `rmqx: --parallel '0': a whole number from 1 to 8`],
];

test(`bad inputs: the documented exit code, one line (and at most a hint), no stack trace, the broker unchanged`, async () => {
  const ROWS = rows();
  assert.ok(ROWS.length >= 80, `${ROWS.length} rows`);
  const before_ = await state();
  const failures: string[] = [];
  for (const [argv, code, first] of ROWS) {
    const r = await rmqx([...argv, '-V', V], { timeoutMs: 30_000 });
    const lines = r.stderr.trimEnd().split('\n');
    const problems: string[] = [];
    if (r.code !== code) problems.push(`exit ${r.code}, expected ${code}`);
    if (!(lines[0] ?? '').startsWith(first)) problems.push(`first line '${lines[0]}'`);
    if (lines.slice(1).some((l) => !l.startsWith('hint: '))) problems.push(`more than one line: ${JSON.stringify(r.stderr)}`);
    if (/\n\s+at /.test(r.stderr)) problems.push('a stack trace');
    if (r.stdout !== '') problems.push(`stdout '${r.stdout}'`);
    if (problems.length) failures.push(`rmqx ${argv.join(' ')}: ${problems.join('; ')}`);
  }
  assert.deepEqual(failures, []);
  assert.equal(await state(), before_, 'a bad input changed the broker');
});
