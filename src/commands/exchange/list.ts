import type { Command } from 'commander';
import { run, verb } from '../../cli/command.js';
import type { View } from '../../render/view.js';
import { EXCHANGE_LIST_VIEW } from './views.js';

export function exchangeList(exchange: Command): void {
  verb(exchange, 'list', "list exchanges (one vhost; --all-vhosts for every one); the default exchange's name is ''")
    .option('--all-vhosts', 'exchanges of every vhost (adds a vhost column)')
    .action(
      run(async (ctx, _args, o) => {
        const vhost = o.allVhosts ? undefined : ctx.vhost;
        // on a TTY the default exchange's empty name reads as a missing cell; TSV and JSON keep ''
        const base: View = ctx.out.mode === 'table' ? [{ key: 'name', format: (v) => (v === '' ? '(default)' : String(v ?? '')) }, ...EXCHANGE_LIST_VIEW.slice(1)] : EXCHANGE_LIST_VIEW;
        const view: View = o.allVhosts ? [{ key: 'vhost' }, ...base] : base;
        await ctx.out.list(await (await ctx.mgmt()).exchanges.list(vhost), view);
      }),
    );
}
