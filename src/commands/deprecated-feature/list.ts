import { defineCommand, opt } from '../../cli/define.js';
import { DataError, NegativeOutcome } from '../../errors.js';
import { withFields } from '../../render/view.js';

const FIELDS: readonly string[] = ['name', 'deprecation_phase', 'state', 'desc', 'doc_url', 'provided_by'];
const VIEW = withFields([{ key: 'name' }, { key: 'deprecation_phase' }, { key: 'state' }, { key: 'doc_url' }], FIELDS);

export const deprecatedFeatureList = defineCommand({
  name: 'list',
  summary: 'list the deprecated features of the broker (RabbitMQ 3.13+); --used: only those something uses now',
  options: {
    used: opt.flag('--used', 'only the deprecated features in use now'),
    requireNone: opt.flag('--require-none', 'exit 1 when any deprecated feature is in use (a pre-upgrade check); implies --used'),
  },
  help: `deprecation_phase: permitted_by_default, denied_by_default, disconnected, removed; state (4.x):
permitted or denied on this broker, its configuration included. --require-none lists those in use
and exits 1 when there are any, 0 when there are none: a check for CI before an upgrade.
A broker older than 3.13 has no such API: exit 65.`,
  async run(ctx, _args, { used, requireNone }) {
    const m = await ctx.mgmt();
    const caps = await m.capabilities();
    if (!caps.has('deprecatedFeatures')) throw new DataError(`this broker (${caps.version || 'version unknown'}) has no deprecated-features API (3.13+)`, 'check its release notes for deprecations instead');
    const onlyUsed = Boolean(used || requireNone);
    const rows = onlyUsed ? await m.deprecatedFeatures.used() : await m.deprecatedFeatures.list();
    await ctx.out.list(rows, VIEW);
    if (requireNone && rows.length)
      throw new NegativeOutcome(`${rows.length} deprecated feature${rows.length === 1 ? ' is' : 's are'} in use: ${rows.map((f) => f.name).join(', ')}`, 'a later RabbitMQ removes them: see each doc_url');
    if (onlyUsed && !rows.length) ctx.out.note('no deprecated feature is in use');
  },
});
