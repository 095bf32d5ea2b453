import { InvalidArgumentError } from 'commander';
import { arg, defineCommand, opt } from '../../cli/define.js';
import type { Context } from '../../cli/context.js';
import { nonEmpty, regex } from '../../cli/parsers.js';
import { PartialError, UsageError, describeError } from '../../errors.js';
import { ApiError } from '../../mgmt/errors.js';
import type { Json } from '../../mgmt/types.js';
import { IF_EXISTS, YES } from '../options.js';
import { ALL_VHOSTS, listVhost } from '../scope.js';
import { deleting, requireName } from '../shared.js';

export const DEFAULT_REASON = 'closed by rmqx';

/** The reason travels in an HTTP header (X-Reason): printable ASCII only. */
export function closeReason(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('the reason is empty');
  if (!/^[\x20-\x7e]*$/.test(value)) throw new InvalidArgumentError('only printable ASCII is allowed (the reason travels in an HTTP header)');
  return value;
}

const HELP = `
By name, one connection (66 when it does not exist, 0 with --if-exists). By --user or
--name-regex (which matches the connection's name or its client-provided name), every
matching connection in scope (all vhosts unless -V/RMQX_VHOST/the profile names one, or
--all-vhosts): the list is printed first, then asked on a terminal; off a terminal it needs
--yes. --dry-run prints the list and closes nothing. Some closed and some failing is exit 3.

Examples:
  rmqx connection close '127.0.0.1:50112 -> 127.0.0.1:5672'
  rmqx connection close --user batch --reason 'maintenance at 02:00' --yes
  rmqx connection close --name-regex '^rmqx ' --dry-run`;

/** The client-provided connection name, if any. */
function clientName(c: Json): string | undefined {
  const p = c.client_properties as Record<string, unknown> | undefined;
  return typeof p?.connection_name === 'string' ? p.connection_name : undefined;
}

export const connectionClose = defineCommand({
  name: 'close',
  summary: 'close a client connection, or every one of a user or matching a pattern; the client is told the reason',
  args: { name: arg.optional('name') },
  options: {
    ...IF_EXISTS,
    reason: opt.value('--reason <text>', `reason given to the client (default: "${DEFAULT_REASON}")`, closeReason),
    user: opt.value('--user <name>', "every connection of this user", nonEmpty('the user name')),
    nameRegex: opt.value('--name-regex <regex>', "every connection whose name or client-provided name matches", regex),
    dryRun: opt.flag('--dry-run', 'print what would be closed; close nothing'),
    ...YES,
    ...ALL_VHOSTS,
  },
  help: HELP,
  async run(ctx, { name }, o) {
    const ways = [name !== undefined, o.user !== undefined, o.nameRegex !== undefined].filter(Boolean).length;
    if (ways === 0) throw new UsageError("connection close: missing required argument 'name' (or --user, or --name-regex)");
    if (ways > 1) throw new UsageError('connection close: give exactly one of NAME, --user or --name-regex');
    const reason = o.reason ?? DEFAULT_REASON;
    if (name !== undefined) {
      requireName('connection', name);
      if (o.dryRun || o.yes || o.allVhosts) throw new UsageError('connection close NAME: --dry-run, --yes and --all-vhosts are for --user and --name-regex');
      const api = (await ctx.mgmt()).cluster;
      await deleting(ctx, { action: 'closed', kind: 'connection', name }, o.ifExists, () => api.closeConnection(name, reason));
      return;
    }
    if (o.ifExists) throw new UsageError('connection close: --if-exists is for a connection named; with --user or --name-regex, none matching is no error');
    await closeMany(ctx, { user: o.user, nameRegex: o.nameRegex, reason, dryRun: Boolean(o.dryRun), yes: o.yes, allVhosts: o.allVhosts });
  },
});

async function closeMany(ctx: Context, o: { user?: string; nameRegex?: string; reason: string; dryRun: boolean; yes?: boolean; allVhosts?: boolean }): Promise<void> {
  const api = (await ctx.mgmt()).cluster;
  const vhost = listVhost(ctx, 'across-vhosts', o.allVhosts);
  const re = o.nameRegex !== undefined ? new RegExp(o.nameRegex) : undefined;
  const matching = (await api.connections(vhost)).filter((c) => (o.user === undefined || c.user === o.user) && (re === undefined || re.test(String(c.name)) || re.test(clientName(c) ?? '')));
  const by = o.user !== undefined ? `of user '${o.user}'` : `matching /${o.nameRegex}/`;
  const scope = vhost === undefined ? '' : ` in vhost '${vhost}'`;
  const names = matching.map((c) => String(c.name));
  const lines = matching.map((c) => `  ${String(c.name)}  (user '${String(c.user)}', vhost '${String(c.vhost)}'${clientName(c) ? `, '${clientName(c)}'` : ''})`);
  if (names.length === 0) {
    await ctx.out.result({ action: 'close', dry_run: o.dryRun, matched: [], closed: [], failed: [] }, { note: `no connections ${by}${scope}: nothing to close` });
    return;
  }
  const count = `${names.length} connection${names.length === 1 ? '' : 's'}`;
  if (o.dryRun) {
    await ctx.out.result({ action: 'close', dry_run: true, matched: names, closed: [], failed: [] }, { text: names.map((n) => `${n}\n`).join('') , note: `would close ${count} ${by}${scope} (--dry-run: nothing closed)` });
    return;
  }
  ctx.out.note(`${count} ${by}${scope}:\n${lines.join('\n')}`);
  await ctx.confirm(`close ${count} ${by}${scope}`, o.yes);
  const closed: string[] = [];
  const gone: string[] = [];
  const failed: Array<{ name: string; error: string }> = [];
  let firstError: unknown;
  for (const n of names) {
    try {
      await api.closeConnection(n, o.reason);
      closed.push(n);
      ctx.record({ action: 'closed', kind: 'connection', name: n, changed: true });
    } catch (e) {
      // closed by its client (or another operator) since the list was read: nothing left to do
      if (e instanceof ApiError && e.status === 404) gone.push(n);
      else {
        firstError ??= e;
        failed.push({ name: n, error: describeError(e).line });
      }
    }
  }
  const words = `closed ${closed.length} of ${count} ${by}${scope}${gone.length ? ` (${gone.length} already gone)` : ''}`;
  await ctx.out.result({ action: 'close', dry_run: false, matched: names, closed, already_gone: gone, failed }, { note: words });
  // none closed: the broker's own refusal, with its exit code (77 for permissions, …)
  if (failed.length > 0 && closed.length === 0 && gone.length === 0) throw firstError;
  if (failed.length > 0) throw new PartialError(`${words}; ${failed.length} failed: ${failed.map((f) => `${f.name}: ${f.error}`).join('; ')}`);
}
