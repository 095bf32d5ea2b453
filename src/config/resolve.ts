/**
 * Settings resolution: flag > environment > profile in the config file > default. Pure: the
 * file system comes in as functions, so tests hand it whatever they like.
 */
import { ConfigError, NotFoundError, UsageError, DataError } from '../errors.js';
import type { Env } from '../io.js';
import { SETTINGS, SETTING_BY_KEY, type SettingKey } from './settings.js';

export type SourceKind = 'flag' | 'env' | 'profile' | 'url' | 'default' | 'derived';

export interface Origin {
  kind: SourceKind;
  /** --vhost, RMQX_VHOST, "profile prod in /path", … */
  detail: string;
}

export interface Settings {
  urls: string[];
  amqpUrls: string[];
  username: string;
  password: string;
  vhost: string;
  profile: string;
  configPath: string;
  cacert?: string;
  cert?: string;
  key?: string;
  insecure: boolean;
  timeoutMs: number;
  /** where each value came from, for `rmqx config show` and error hints */
  origins: Partial<Record<SettingKey, Origin>>;
}

export interface FileSystem {
  /** undefined when the file does not exist */
  readText(path: string): string | undefined;
  /** permission bits, undefined when the file does not exist */
  mode(path: string): number | undefined;
}

export type FlagValues = Partial<Record<SettingKey, string | boolean>>;

const PROFILE_KEYS = new Set(SETTINGS.filter((s) => s.file).map((s) => s.file as string));

export function defaultConfigPath(env: Env): string {
  const base = env.XDG_CONFIG_HOME || `${env.HOME ?? ''}/.config`;
  return `${base}/rmqx/config.json`;
}

export function resolveSettings(flags: FlagValues, env: Env, fs: FileSystem): Settings {
  const origins: Settings['origins'] = {};

  const pickRaw = (key: SettingKey): { value: string | boolean; origin: Origin } | undefined => {
    const spec = SETTING_BY_KEY[key];
    const flag = flags[key];
    if (flag !== undefined) return { value: flag, origin: { kind: 'flag', detail: longFlag(spec.flags) } };
    const envValue = spec.env ? env[spec.env] : undefined;
    if (envValue !== undefined && envValue !== '') return { value: envValue, origin: { kind: 'env', detail: spec.env as string } };
    return undefined;
  };

  // 1. Which file and which profile.
  const cfgPick = pickRaw('config');
  const configPath = cfgPick ? String(cfgPick.value) : defaultConfigPath(env);
  origins.config = cfgPick?.origin ?? { kind: 'default', detail: 'default' };
  const profPick = pickRaw('profile');
  const profile = profPick ? String(profPick.value) : 'default';
  origins.profile = profPick?.origin ?? { kind: 'default', detail: 'default' };

  const profileValues = loadProfile(fs, configPath, Boolean(cfgPick), profile, Boolean(profPick));
  const profileOrigin: Origin = { kind: 'profile', detail: `profile '${profile}' in ${configPath}` };

  const pick = (key: SettingKey): { value: string | boolean; origin: Origin } | undefined => {
    const p = pickRaw(key);
    if (p) return p;
    const fileKey = SETTING_BY_KEY[key].file;
    if (fileKey && profileValues[fileKey] !== undefined) return { value: profileValues[fileKey] as string | boolean, origin: profileOrigin };
    return undefined;
  };
  const str = (key: SettingKey): string | undefined => {
    const p = pick(key);
    if (!p) return undefined;
    origins[key] = p.origin;
    return String(p.value);
  };
  const bad = (origin: Origin | undefined, message: string): Error =>
    origin?.kind === 'profile' ? new ConfigError(`${message} (${origin.detail})`) : new UsageError(message);

  // 2. URLs.
  const urlPick = pick('url');
  const urlText = urlPick ? String(urlPick.value) : (SETTING_BY_KEY.url.default as string);
  origins.url = urlPick?.origin ?? { kind: 'default', detail: 'default' };
  let urlUser: string | undefined;
  let urlPassword: string | undefined;
  const urls = splitList(urlText).map((u) => {
    const parsed = parseUrl(u, ['http:', 'https:'], (m) => bad(origins.url, `--url: ${m}`));
    if (parsed.username && urlUser === undefined) {
      urlUser = decodeUserinfo(parsed.username, (m) => bad(origins.url, `--url: ${m}`));
      urlPassword = decodeUserinfo(parsed.password, (m) => bad(origins.url, `--url: ${m}`));
    }
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  });
  if (urls.length === 0) throw bad(origins.url, '--url: no URL given');

  const amqpText = str('amqpUrl');
  const amqpUrls = amqpText
    ? splitList(amqpText).map((u) => {
        const parsed = parseUrl(u, ['amqp:', 'amqps:'], (m) => bad(origins.amqpUrl, `--amqp-url: ${m}`));
        decodeUserinfo(parsed.username, (m) => bad(origins.amqpUrl, `--amqp-url: ${m}`));
        decodeUserinfo(parsed.password, (m) => bad(origins.amqpUrl, `--amqp-url: ${m}`));
        return parsed.toString();
      })
    : urls.map(deriveAmqpUrl);
  if (!amqpText) origins.amqpUrl = { kind: 'derived', detail: 'from the management URL' };

  // 3. Credentials. Userinfo in the URL beats only the defaults.
  let username = str('username');
  if (username === undefined) {
    username = urlUser ?? 'guest';
    origins.username = urlUser !== undefined ? { kind: 'url', detail: 'user in the URL' } : { kind: 'default', detail: 'default' };
  }
  const password = resolvePassword(flags, env, profileValues, profileOrigin, fs, origins);
  let finalPassword = password;
  if (finalPassword === undefined) {
    finalPassword = urlPassword ?? 'guest';
    origins.password = urlPassword !== undefined ? { kind: 'url', detail: 'password in the URL' } : { kind: 'default', detail: 'default' };
  }

  // 4. The rest.
  const vhost = str('vhost') ?? '/';
  origins.vhost ??= { kind: 'default', detail: 'default' };
  if (vhost === '') throw bad(origins.vhost, '--vhost: the vhost name is empty');

  const timeoutText = str('timeout') ?? '30';
  origins.timeout ??= { kind: 'default', detail: 'default' };
  const timeout = Number(timeoutText);
  if (!Number.isFinite(timeout) || timeout <= 0) throw bad(origins.timeout, `--timeout: '${timeoutText}' is not a positive number of seconds`);

  const insecurePick = pick('insecure');
  let insecure = false;
  if (insecurePick) {
    origins.insecure = insecurePick.origin;
    insecure = insecurePick.value === true || /^(1|true|yes|on)$/i.test(String(insecurePick.value));
  }

  return {
    urls,
    amqpUrls,
    username,
    password: finalPassword,
    vhost,
    profile,
    configPath,
    cacert: str('cacert'),
    cert: str('cert'),
    key: str('key'),
    insecure,
    timeoutMs: Math.round(timeout * 1000),
    origins,
  };
}

function resolvePassword(
  flags: FlagValues,
  env: Env,
  profile: Record<string, unknown>,
  profileOrigin: Origin,
  fs: FileSystem,
  origins: Settings['origins'],
): string | undefined {
  // At each level a literal password beats a password file.
  const levels: Array<[unknown, Origin, boolean]> = [
    [flags.password, { kind: 'flag', detail: '--password' }, false],
    [flags.passwordFile, { kind: 'flag', detail: '--password-file' }, true],
    [env.RMQX_PASSWORD || undefined, { kind: 'env', detail: 'RMQX_PASSWORD' }, false],
    [env.RMQX_PASSWORD_FILE || undefined, { kind: 'env', detail: 'RMQX_PASSWORD_FILE' }, true],
    [profile.password, profileOrigin, false],
    [profile.password_file, { ...profileOrigin, detail: `password_file of ${profileOrigin.detail}` }, true],
  ];
  for (const [value, origin, isFile] of levels) {
    if (value === undefined) continue;
    origins.password = isFile ? { ...origin, detail: `${origin.detail} ${String(value)}` } : origin;
    return isFile ? readSecretFile(fs, String(value)) : String(value);
  }
  return undefined;
}

/** A file with a secret that its group or others may read: 78, with the chmod that fixes it. */
function refuseLoose(path: string, mode: number, words: string): void {
  if ((mode & 0o077) !== 0) throw new ConfigError(`${words} (mode ${(mode & 0o777).toString(8)})`, `run: chmod 600 '${path}'`);
}

/** First line of a secret file, without its line ending. */
export function readSecretFile(fs: FileSystem, path: string): string {
  const text = fs.readText(path);
  if (text === undefined) throw new NotFoundError(`password file '${path}' does not exist or cannot be read`);
  // a regular file others can read is a password others can read (a pipe or /dev/fd has no such mode)
  const mode = fs.mode(path);
  if (mode !== undefined && (mode & 0o170000) === 0o100000) refuseLoose(path, mode, `password file '${path}' is readable by others`);
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  if (line === '') throw new DataError(`password file '${path}' is empty`);
  return line;
}

function loadProfile(fs: FileSystem, path: string, explicitFile: boolean, name: string, explicitProfile: boolean): Record<string, unknown> {
  const text = fs.readText(path);
  if (text === undefined) {
    if (explicitFile) throw new ConfigError(`config file '${path}' does not exist or cannot be read`);
    if (explicitProfile && name !== 'default') throw new ConfigError(`unknown profile '${name}': there is no config file at ${path}`);
    return {};
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`config file '${path}' is not valid JSON: ${(e as Error).message}`);
  }
  const profiles = (doc as { profiles?: unknown })?.profiles;
  if (!isObject(doc) || !isObject(profiles)) {
    throw new ConfigError(`config file '${path}' must be an object with a "profiles" object`, 'example: {"profiles": {"default": {"url": "http://127.0.0.1:15672"}}}');
  }
  for (const [pname, p] of Object.entries(profiles)) {
    if (!isObject(p)) throw new ConfigError(`config file '${path}': profile '${pname}' must be an object`);
    for (const k of Object.keys(p)) {
      if (!PROFILE_KEYS.has(k)) throw new ConfigError(`config file '${path}': profile '${pname}' has unknown key '${k}'`, `known keys: ${[...PROFILE_KEYS].join(', ')}`);
    }
  }
  const holdsPassword = Object.values(profiles).some(
    (p) => isObject(p) && (p.password !== undefined || [p.url, p.amqp_url].some((u) => typeof u === 'string' && hasUrlPassword(u))),
  );
  const mode = fs.mode(path);
  if (holdsPassword && mode !== undefined) refuseLoose(path, mode, `config file '${path}' holds a password and is readable by others`);
  const selected = profiles[name];
  if (selected === undefined) {
    if (explicitProfile) throw new ConfigError(`unknown profile '${name}' in ${path}`, `profiles there: ${Object.keys(profiles).join(', ') || 'none'}`);
    return {};
  }
  return selected as Record<string, unknown>;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseUrl(text: string, protocols: string[], fail: (m: string) => Error): URL {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw fail(`${shownUrl(text)} is not a URL`);
  }
  if (!protocols.includes(u.protocol)) throw fail(`${shownUrl(text)} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  return u;
}

/** A URL the user typed, for an error message: never anything that may be a credential. */
function shownUrl(text: string): string {
  return text.includes('@') || /^[a-z][a-z0-9+.-]*:\/\/[^/]*:[^/]*$/i.test(text) ? "the URL (not shown: it may hold a password)" : `'${text}'`;
}

function decodeUserinfo(part: string, fail: (m: string) => Error): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw fail('the user or password in the URL has an invalid %-escape (write % as %25)');
  }
}

/**
 * The command-line flags that carried a password (which `ps` shows every user of the machine):
 * --password, and a --url or --amqp-url with one in it. Empty when none did.
 */
export function passwordsOnArgv(flags: FlagValues): string[] {
  const out: string[] = [];
  if (flags.password !== undefined) out.push('--password');
  if (typeof flags.url === 'string' && flags.url.split(',').some((u) => hasUrlPassword(u.trim()))) out.push('--url');
  if (typeof flags.amqpUrl === 'string' && flags.amqpUrl.split(',').some((u) => hasUrlPassword(u.trim()))) out.push('--amqp-url');
  return out;
}

/** http://user:secret@host: a password in the userinfo. */
function hasUrlPassword(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^@/]*:[^@]*@/i.test(text);
}

function deriveAmqpUrl(mgmt: string): string {
  const u = new URL(mgmt);
  const tls = u.protocol === 'https:';
  return `${tls ? 'amqps' : 'amqp'}://${u.hostname}:${tls ? 5671 : 5672}`; // hostname keeps IPv6 brackets
}

function longFlag(flags: string): string {
  return flags.match(/--[a-z-]+/)?.[0] ?? flags;
}

/** Replace the password in each URL's userinfo with ***; leave everything else as typed. */
export function maskUrl(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:@/\s,]*:)[^@/\s,]*@/gi, '$1***@');
}
