import { defineCommand, opt } from '../../cli/define.js';
import { BINDING_VIEW } from '../../kinds/binding.js';
import { ALL_VHOSTS, listVhost, scopedView } from '../scope.js';
import { keepOnly } from '../shared.js';

export const bindingList = defineCommand({
  name: 'list',
  summary: 'list bindings (one vhost; --all-vhosts for every one)',
  options: {
    ...ALL_VHOSTS,
    source: opt.string('--source <exchange>', "only bindings from this exchange ('' for the default exchange)"),
    destination: opt.string('--destination <name>', 'only bindings to this queue or exchange'),
  },
  async run(ctx, _args, { allVhosts, source, destination }) {
    const vhost = listVhost(ctx, 'in-vhost', allVhosts);
    const view = scopedView(BINDING_VIEW, vhost);
    // written as the broker sends them: a broker with 50,000 queues has 50,000 bindings at least
    const all = (await ctx.mgmt()).bindings.stream(vhost);
    await ctx.out.listPages(keepOnly(all, (b) => (source === undefined || b.source === source) && (destination === undefined || b.destination === destination)), view);
  },
});
