import { defineCommand, opt } from '../../cli/define.js';
import { BINDING_VIEW } from '../../kinds/binding.js';
import type { View } from '../../render/view.js';

export const bindingList = defineCommand({
  name: 'list',
  summary: 'list bindings (one vhost; --all-vhosts for every one)',
  options: {
    allVhosts: opt.flag('--all-vhosts', 'bindings of every vhost (adds a vhost column)'),
    source: opt.string('--source <exchange>', "only bindings from this exchange ('' for the default exchange)"),
    destination: opt.string('--destination <name>', 'only bindings to this queue or exchange'),
  },
  async run(ctx, _args, { allVhosts, source, destination }) {
    const vhost = allVhosts ? undefined : ctx.vhost;
    // on a TTY the default exchange's empty name reads as a missing cell: say what it is
    const base: View = ctx.out.mode === 'table' ? BINDING_VIEW.map((c) => (c.key === 'source' ? { ...c, format: (v: unknown) => (v === '' ? '(default)' : String(v ?? '')) } : c)) : BINDING_VIEW;
    const view: View = allVhosts ? [{ key: 'vhost' }, ...base] : base;
    const all = await (await ctx.mgmt()).bindings.list(vhost);
    const rows = all.filter((b) => (source === undefined || b.source === source) && (destination === undefined || b.destination === destination));
    await ctx.out.list(rows, view);
  },
});
