import { defineCommand, opt } from '../../cli/define.js';
import { EXCHANGE_VIEW } from '../../kinds/exchange.js';
import type { View } from '../../render/view.js';

export const exchangeList = defineCommand({
  name: 'list',
  summary: "list exchanges (one vhost; --all-vhosts for every one); the default exchange's name is ''",
  options: { allVhosts: opt.flag('--all-vhosts', 'exchanges of every vhost (adds a vhost column)') },
  async run(ctx, _args, { allVhosts }) {
    const vhost = allVhosts ? undefined : ctx.vhost;
    // on a TTY the default exchange's empty name reads as a missing cell; TSV and JSON keep ''
    const base: View = ctx.out.mode === 'table' ? EXCHANGE_VIEW.map((c) => (c.key === 'name' ? { ...c, format: (v: unknown) => (v === '' ? '(default)' : String(v ?? '')) } : c)) : EXCHANGE_VIEW;
    const view: View = allVhosts ? [{ key: 'vhost' }, ...base] : base;
    await ctx.out.list(await (await ctx.mgmt()).exchanges.list(vhost), view);
  },
});
