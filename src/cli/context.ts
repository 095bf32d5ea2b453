/**
 * The per-run context a command receives: resolved settings (once, lazily), the output, and
 * lazy clients. A command that never speaks HTTP never loads axios; one that never speaks
 * AMQP never loads amqplib.
 */
import type { Command } from 'commander';
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import { passwordsOnArgv, resolveSettings, type FileSystem, type FlagValues, type Settings } from '../config/resolve.js';
import type { SettingKey } from '../config/settings.js';
import { EXIT, NotFoundError, RmqxError, UsageError } from '../errors.js';
import { colorLevel, type Env, type Io } from '../io.js';
import type { Mgmt } from '../mgmt/client.js';
import type { Session } from '../amqp/session.js';
import { Output, type Mode, type Outcome } from '../render/output.js';
import { VERSION } from '../version.js';
import { askHidden, askYesNo } from './prompt.js';

export interface Globals extends FlagValues {
  json?: boolean;
  output?: Mode;
  columns?: string[];
  quiet?: boolean;
  verbose?: boolean;
  color?: boolean;
  detailedExitcode?: boolean;
}

export const realFs: FileSystem = {
  readText(path) {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  mode(path) {
    try {
      return statSync(path).mode;
    } catch {
      return undefined;
    }
  },
};

export class Context {
  readonly out: Output;
  /** set when a command changed something on the broker (for --detailed-exitcode) */
  changed = false;
  /** the whole command tree (given by buildProgram through the dependencies) */
  wholeTree: () => Promise<Command> = () => Promise.reject(new Error('no command tree'));
  private resolved?: Settings;
  private client?: Mgmt;
  private session?: Session;
  /** --insecure has been warned about in this run (once, whichever protocol asked first) */
  private insecureWarned = false;
  private readonly closers: Array<() => Promise<void> | void> = [];

  constructor(
    readonly io: Io,
    readonly env: Env,
    readonly globals: Globals,
    readonly fs: FileSystem = realFs,
  ) {
    const mode: Mode = globals.json ? 'json' : (globals.output ?? (io.stdoutIsTTY ? 'table' : 'tsv'));
    this.out = new Output(io, {
      mode,
      color: colorLevel(io.stdoutIsTTY, env, globals.color),
      errColor: colorLevel(io.stderrIsTTY, env, globals.color),
      quiet: Boolean(globals.quiet),
      verbose: Boolean(globals.verbose),
      columns: globals.columns,
    });
  }

  /** Connection settings, resolved once: flag > env > profile > default. */
  get settings(): Settings {
    if (!this.resolved) {
      const flags = this.settingFlags();
      this.resolved = resolveSettings(flags, this.env, this.fs);
      const onArgv = passwordsOnArgv(flags);
      if (onArgv.length) {
        this.out.warn(`a password given with ${onArgv.join(' and ')} is visible to every user of this machine (ps, /proc); prefer --password-file, RMQX_PASSWORD or a config file of mode 600`);
      }
    }
    return this.resolved;
  }

  get vhost(): string {
    return this.settings.vhost;
  }

  /** The vhost AMQP commands use: -V, or the path of the AMQP URL when -V was not given. */
  get amqpVhost(): string {
    const s = this.settings;
    const urlVhost = amqpUrlVhost(s.amqpUrls[0] as string);
    return urlVhost !== undefined && s.origins.vhost?.kind === 'default' ? urlVhost : s.vhost;
  }

  /** Only the connection settings among the globals. */
  private settingFlags(): FlagValues {
    const keys: SettingKey[] = ['url', 'amqpUrl', 'username', 'password', 'passwordFile', 'vhost', 'profile', 'config', 'cacert', 'cert', 'key', 'insecure', 'timeout'];
    const flags: FlagValues = {};
    for (const k of keys) if (this.globals[k] !== undefined) flags[k] = this.globals[k];
    return flags;
  }

  /** The management API client, created on first use. */
  async mgmt(): Promise<Mgmt> {
    if (this.client) return this.client;
    const s = this.settings;
    this.warnInsecure(s.urls);
    const { Mgmt } = await import('../mgmt/client.js');
    this.client = new Mgmt({
      urls: s.urls,
      username: s.username,
      password: s.password,
      timeoutMs: s.timeoutMs,
      ca: s.cacert ? this.readBinary(s.cacert, '--cacert') : undefined,
      cert: s.cert ? this.readBinary(s.cert, '--cert') : undefined,
      key: s.key ? this.readBinary(s.key, '--key') : undefined,
      insecure: s.insecure,
      log: this.globals.verbose ? (line) => this.out.verbose(line) : undefined,
      userAgent: `rmqx/${VERSION}`,
    });
    const client = this.client;
    this.onClose(() => client.close());
    return client;
  }

  /**
   * The AMQP session, opened on first use (amqplib is loaded only then). `purpose` names the
   * connection: it shows as "rmqx publish" in `rmqx connection list`. The vhost is -V, or the
   * path of the AMQP URL when -V was not given.
   */
  async amqp(purpose: string, startAt?: number): Promise<Session> {
    if (this.session) return this.session;
    const s = this.settings;
    this.warnInsecure(s.amqpUrls);
    const { Session } = await import('../amqp/session.js');
    const vhost = this.amqpVhost;
    const session = await this.openAmqp(Session, {
      urls: s.amqpUrls,
      startAt,
      username: s.username,
      password: s.password,
      vhost,
      timeoutMs: s.timeoutMs,
      ca: s.cacert ? this.readBinary(s.cacert, '--cacert') : undefined,
      cert: s.cert ? this.readBinary(s.cert, '--cert') : undefined,
      key: s.key ? this.readBinary(s.key, '--key') : undefined,
      insecure: s.insecure,
      connectionName: `rmqx ${purpose}`,
      // credentials in the AMQP URL count only when no flag, variable or profile gave them
      urlCredentials: s.origins.username?.kind === 'default' && s.origins.password?.kind === 'default',
      log: this.globals.verbose ? (line) => this.out.verbose(line) : undefined,
    });
    this.session = session;
    this.onClose(() => session.close());
    return session;
  }

  /** With --insecure and a TLS URL: say once, on stderr, that the broker's certificate goes unchecked. */
  private warnInsecure(urls: string[]): void {
    if (!this.settings.insecure || this.insecureWarned || !urls.some((u) => /^(https|amqps):/i.test(u))) return;
    this.insecureWarned = true;
    this.out.warn("--insecure: the broker's TLS certificate is not verified; anyone on the path could pose as the broker (--cacert names its CA)");
  }

  /**
   * A new AMQP session after the old one was lost (a node killed, a fail-over): the old one is
   * closed (its socket, at once) and the AMQP URLs are tried again in order, so a dead first
   * node is passed over; with `next`, from the URL after the old session's (a node that answers
   * but cannot serve what was asked).
   */
  async reconnectAmqp(purpose: string, opts: { next?: boolean } = {}): Promise<Session> {
    const old = this.session;
    this.session = undefined;
    await old?.close().catch(() => {});
    return this.amqp(purpose, opts.next && old ? old.urlIndex + 1 : undefined);
  }

  /** Open, and tell a missing vhost (66) from one the user may not use (77). */
  private async openAmqp(S: typeof Session, opts: Parameters<typeof Session.open>[0]): Promise<Session> {
    const { VhostRefused } = await import('../amqp/session.js');
    try {
      return await S.open(opts);
    } catch (e) {
      if (!(e instanceof VhostRefused)) throw e;
      const exists = await this.mgmt()
        .then((m) => m.vhosts.find(e.vhost))
        .catch(() => 'unknown' as const);
      if (exists === undefined) throw new NotFoundError(`connect to vhost '${e.vhost}': it does not exist`, '`rmqx vhost list` shows the vhosts');
      if (exists === 'unknown') throw e;
      throw new RmqxError(`connect to vhost '${e.vhost}': user '${opts.username}' has no permissions there`, EXIT.permission, `rmqx permission set ${opts.username} '.*' '.*' '.*' -V '${e.vhost}' (as an administrator)`);
    }
  }

  onClose(fn: () => Promise<void> | void): void {
    this.closers.push(fn);
  }

  async close(): Promise<void> {
    for (const fn of this.closers.splice(0).reverse()) {
      try {
        await fn();
      } catch {
        /* closing is best effort; the command's own outcome stands */
      }
    }
  }

  /** Every change (or no-op) of this run, in order: what --detailed-exitcode and a plan's output read. */
  readonly changes: Outcome[] = [];

  /** The one recorder: note a change (or a no-op) without printing it (message verbs print their own result). */
  record(o: Outcome): void {
    this.changes.push(o);
    if (o.changed) this.changed = true;
  }

  /** Record a change (or a no-op) and report it: a note on stderr; with --json, the outcome on stdout. */
  async report(o: Outcome): Promise<void> {
    this.record(o);
    await this.out.outcome(o);
  }

  exitCode(): number {
    return this.globals.detailedExitcode && this.changed ? EXIT.changed : EXIT.ok;
  }

  /** A path as the user typed it, relative to their working directory. */
  path(p: string): string {
    return isAbsolute(p) ? p : resolvePath(this.io.cwd, p);
  }

  readBinary(p: string, what: string): Buffer {
    try {
      return readFileSync(this.path(p));
    } catch (e) {
      throw new NotFoundError(`${what}: cannot read '${p}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }

  /**
   * Destructive operations: ask on a TTY, need --yes otherwise. `yes` is the command's --yes.
   */
  async confirm(question: string, yes: boolean | undefined): Promise<void> {
    if (yes) return;
    if (!this.io.stdinIsTTY || !this.io.stderrIsTTY) throw new UsageError(`${question}: refusing without --yes when not on a terminal`, 'add --yes to confirm');
    const ok = await askYesNo(this.io, `${question}? [y/N] `);
    if (!ok) throw new UsageError(`${question}: not confirmed`);
  }

  /** A hidden prompt, asked twice, for a new secret. Only on a TTY. */
  async newSecret(what: string): Promise<string> {
    const first = await askHidden(this.io, `${what}: `);
    if (first === '') throw new UsageError(`${what}: empty`);
    const second = await askHidden(this.io, `${what} (again): `);
    if (first !== second) throw new UsageError(`${what}: the two entries differ`);
    return first;
  }
}

/** The vhost in an AMQP URL's path (amqp://host/vhost, %2F for '/'), if it names one. */
function amqpUrlVhost(url: string): string | undefined {
  const p = new URL(url).pathname;
  return p.length > 1 ? decodeURIComponent(p.slice(1)) : undefined;
}
