import { InvalidArgumentError } from 'commander';
import { arg, defineCommand, opt } from '../../cli/define.js';
import type { Context } from '../../cli/context.js';
import { regex } from '../../cli/parsers.js';
import { NegativeOutcome, NotFoundError, UsageError } from '../../errors.js';
import { CAPABILITIES, type Capabilities } from '../../mgmt/capabilities.js';
import { ApiError } from '../../mgmt/errors.js';
import type { Alarm, HealthVerdict } from '../../mgmt/resources/health.js';
import type { View } from '../../render/view.js';
import { ALL_VHOSTS } from '../scope.js';
import { CHECKS, CHECK_NAMES, WITHIN_WORDS, checkNamed, parsePort, parseProtocol, parseWithin, type CheckDef, type CheckParams, type Within } from './checks.js';

function withinOption(value: string): Within {
  const w = parseWithin(value);
  if (!w) throw new InvalidArgumentError(`'${value}' is not a period: ${WITHIN_WORDS}`);
  return w;
}

export const HEALTH_VIEW: View = [{ key: 'check' }, { key: 'status' }, { key: 'reason' }];

/** ' (RabbitMQ 4.1.1+)', ' (before RabbitMQ 4.0)': the releases that have a check, from its capability row. */
function versions(c: CheckDef): string {
  if (c.capability === undefined) return '';
  const rule: { since?: readonly number[]; until?: readonly number[] } = CAPABILITIES[c.capability];
  return rule.since ? ` (RabbitMQ ${rule.since.join('.')}+)` : rule.until ? ` (before RabbitMQ ${rule.until.join('.')})` : '';
}

const HELP = `
Checks (the management API's GET /api/health/checks/NAME; which ones a broker has depends on
its version: \`health check all\` runs those it has):
${CHECKS.map((c) => `  ${c.name.padEnd(40)}${c.summary}${versions(c)}`).join('\n')}

Exit 0 when the check passes, 1 when it fails (the broker's reason on one line; for alarms and
local-alarms the alarms it names, e.g. 'memory on rabbit@a'), 66 when this
broker does not have the check, 69/75 when the broker cannot be asked.
\`health check all\` prints a table (check, status, reason) and exits 1 if any check failed;
its port-listener check is the AMQP URL's port, its protocol-listener check 'amqp'.

Examples:
  rmqx health check alarms
  rmqx health check certificate-expiration --within 30D
  rmqx health check port-listener 5672
  rmqx health check protocol-listener amqp
  rmqx health check quorum-queues-without-elected-leaders --all-vhosts --pattern '^orders'
  rmqx health check all --json`;

export const healthCheck = defineCommand({
  name: 'check',
  summary: 'run one of the broker\'s health checks, or all of them; exit 1 when one fails',
  args: { name: arg.choice('name', ['all', ...CHECK_NAMES], 'the check, or all'), value: arg.optional('value', 'PORT for port-listener, PROTOCOL for protocol-listener') },
  options: {
    within: opt.value('--within <period>', `certificate-expiration: the period (${WITHIN_WORDS}; default 4W)`, withinOption),
    pattern: opt.value('--pattern <regex>', 'quorum-queues-without-elected-leaders: only the queues whose names match', regex),
    ...ALL_VHOSTS,
  },
  help: HELP,
  async run(ctx, { name, value }, { within, pattern, allVhosts }) {
    if (name === 'all') {
      if (value !== undefined || within !== undefined || pattern !== undefined || allVhosts) throw new UsageError('health check all: takes no value, --within, --pattern or --all-vhosts (it runs each check with its defaults)');
      await runAll(ctx);
      return;
    }
    const def = checkNamed(name) as CheckDef;
    const params = paramsFor(ctx, def, value, { within, pattern, allVhosts });
    const mgmt = await ctx.mgmt();
    refuseMissing(def, await mgmt.capabilities());
    const verdict = await ask(ctx, def, params);
    const doc = { check: def.name, ...verdict };
    const line = `health check ${label(def, params)}: ${verdict.status}${verdict.reason ? `: ${reasonWords(verdict)}` : ''}`;
    if (verdict.status === 'failed') {
      if (ctx.out.json) await ctx.out.result(doc, {});
      throw new NegativeOutcome(line);
    }
    await ctx.out.result(doc, { note: line });
  },
});

/** The check's own value and options, checked before anything is sent. */
function paramsFor(ctx: Context, def: CheckDef, value: string | undefined, o: { within?: Within; pattern?: string; allVhosts?: boolean }): CheckParams {
  const name = `health check ${def.name}`;
  if (o.within !== undefined && def.takes !== 'within') throw new UsageError(`${name}: --within is for certificate-expiration only`);
  if ((o.pattern !== undefined || o.allVhosts) && def.takes !== 'vhost-pattern') throw new UsageError(`${name}: --pattern and --all-vhosts are for quorum-queues-without-elected-leaders only`);
  switch (def.takes) {
    case 'port': {
      if (value === undefined) throw new UsageError(`${name}: which port? e.g. \`rmqx health check port-listener 5672\``);
      const port = parsePort(value);
      if (port === undefined) throw new UsageError(`${name}: '${value}' is not a TCP port (1-65535)`);
      return { port };
    }
    case 'protocol': {
      if (value === undefined) throw new UsageError(`${name}: which protocol? e.g. \`rmqx health check protocol-listener amqp\``);
      const protocol = parseProtocol(value);
      if (protocol === undefined) throw new UsageError(`${name}: '${value}' is not a protocol name (one per check: amqp, amqp/ssl, http, mqtt, stomp, …)`);
      return { protocol };
    }
    case 'within': {
      if (value !== undefined && o.within !== undefined) throw new UsageError(`${name}: give the period once (--within)`);
      const within = value !== undefined ? parseWithin(value) : o.within;
      if (value !== undefined && within === undefined) throw new UsageError(`${name}: '${value}' is not a period: ${WITHIN_WORDS}`);
      return { within };
    }
    case 'vhost-pattern':
      if (value !== undefined) throw new UsageError(`${name}: takes no value (the vhost is -V, or --all-vhosts; the names --pattern)`);
      return { vhost: o.allVhosts ? undefined : ctx.vhost, pattern: o.pattern };
    default:
      if (value !== undefined) throw new UsageError(`${name}: takes no value ('${value}' given)`);
      return {};
  }
}

/** A check this broker's version does not have: say so, with the version (decided by the capability row). */
function refuseMissing(def: CheckDef, caps: Capabilities): void {
  if (def.capability === undefined || caps.has(def.capability)) return;
  throw missing(def, caps.version);
}

function missing(def: CheckDef, version: string): NotFoundError {
  const rule: { since?: readonly number[]; until?: readonly [number, number] } = def.capability ? CAPABILITIES[def.capability] : {};
  const when = rule.since ? ` (it came with RabbitMQ ${rule.since.join('.')})` : rule.until ? ` (RabbitMQ ${rule.until.join('.')} removed it)` : '';
  return new NotFoundError(`health check ${def.name}: RabbitMQ ${version || '(unknown version)'} does not have this check${when}`, '`rmqx health check all` runs every check this broker has');
}

async function ask(ctx: Context, def: CheckDef, params: CheckParams): Promise<HealthVerdict> {
  const mgmt = await ctx.mgmt();
  try {
    return await mgmt.health.check(def.name, ...def.segments(params));
  } catch (e) {
    // the capability said yes, the broker says there is no such route: a patch release without it
    if (e instanceof ApiError && e.status === 404) throw missing(def, (await mgmt.capabilities()).version);
    throw e;
  }
}

/** The broker's reason, and the alarms it names (memory on rabbit@a, disk space on rabbit@b). */
export function reasonWords(v: HealthVerdict): string {
  const alarms = v.status === 'failed' ? (v.alarms ?? []) : [];
  return alarms.length ? `${v.reason}: ${alarms.map((a) => `${a.resource} on ${a.node}`).join(', ')}` : (v.reason ?? '');
}

function label(def: CheckDef, p: CheckParams): string {
  if (p.port !== undefined) return `${def.name} ${p.port}`;
  if (p.protocol !== undefined) return `${def.name} ${p.protocol}`;
  if (def.takes === 'within') return `${def.name} ${p.within?.amount ?? 4} ${p.within?.unit ?? 'weeks'}`;
  if (def.takes === 'vhost-pattern') return `${def.name} (${p.vhost === undefined ? 'all vhosts' : `vhost '${p.vhost}'`}${p.pattern !== undefined ? `, pattern '${p.pattern}'` : ''})`;
  return def.name;
}

/** Every check this broker has, each with its defaults, one after the other. */
async function runAll(ctx: Context): Promise<void> {
  const mgmt = await ctx.mgmt();
  const caps = await mgmt.capabilities();
  const amqpPort = portOf(ctx.settings.amqpUrls[0] as string);
  const rows: Array<{ check: string; status: string; reason: string; alarms?: Alarm[] }> = [];
  for (const def of CHECKS) {
    if (def.capability !== undefined && !caps.has(def.capability)) continue;
    const params: CheckParams = def.takes === 'port' ? { port: amqpPort } : def.takes === 'protocol' ? { protocol: 'amqp' } : {};
    let verdict: HealthVerdict;
    try {
      verdict = await mgmt.health.check(def.name, ...def.segments(params));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) continue; // not in this patch release
      throw e;
    }
    rows.push({ check: label(def, params), status: verdict.status, reason: verdict.reason ?? '', ...('alarms' in verdict && verdict.alarms ? { alarms: verdict.alarms } : {}) });
  }
  // the table and TSV name the alarms in the reason; JSON keeps the broker's reason and its alarms list
  const shown = rows.map((r) => (r.alarms ? { ...r, reason: reasonWords({ status: 'failed', reason: r.reason, alarms: r.alarms }) } : r));
  await ctx.out.list(shown, HEALTH_VIEW, { asJson: () => rows });
  const failed = rows.filter((r) => r.status !== 'ok');
  if (failed.length > 0) throw new NegativeOutcome(`health check all: ${failed.length} of ${rows.length} failed: ${failed.map((r) => r.check).join(', ')}`);
  ctx.out.note(`health check all: ${rows.length} checks passed (RabbitMQ ${caps.version})`);
}

function portOf(url: string): number {
  const u = new URL(url);
  return u.port ? Number(u.port) : u.protocol === 'amqps:' ? 5671 : 5672;
}
