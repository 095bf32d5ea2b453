import type { Command } from 'commander';
import { run, verb } from '../../cli/command.js';
import type { Binding } from '../../mgmt/types.js';
import type { View } from '../../render/view.js';

export const BINDING_LIST_VIEW: View = [
  { key: 'source' },
  { key: 'destination_type' },
  { key: 'destination' },
  { key: 'routing_key' },
  { key: 'arguments' },
];

export function bindingList(binding: Command): void {
  verb(binding, 'list', 'list bindings (one vhost; --all-vhosts for every one)')
    .option('--all-vhosts', 'bindings of every vhost (adds a vhost column)')
    .option('--source <exchange>', "only bindings from this exchange ('' for the default exchange)")
    .option('--destination <name>', 'only bindings to this queue or exchange')
    .action(
      run(async (ctx, _args, o) => {
        const vhost = o.allVhosts ? undefined : ctx.vhost;
        // on a TTY the default exchange's empty name reads as a missing cell: say what it is
        const base = ctx.out.mode === 'table' ? [{ ...BINDING_LIST_VIEW[0]!, format: (v: unknown) => (v === '' ? '(default)' : String(v ?? '')) }, ...BINDING_LIST_VIEW.slice(1)] : BINDING_LIST_VIEW;
        const view: View = o.allVhosts ? [{ key: 'vhost' }, ...base] : base;
        const all = await (await ctx.mgmt()).bindings.list(vhost);
        const rows = all.filter((b: Binding) => (o.source === undefined || b.source === o.source) && (o.destination === undefined || b.destination === o.destination));
        await ctx.out.list(rows, view);
      }),
    );
}
