import type { Command } from 'commander';
import { run, verb } from '../../cli/command.js';
import { getPath } from '../../render/view.js';
import { EXCHANGE_SHOW_VIEW } from './views.js';

export function exchangeShow(exchange: Command): void {
  verb(exchange, 'show <name>', "show one exchange ('' or amq.default: the default exchange)").action(
    run(async (ctx, [name]) => {
      // the API names the default exchange amq.default in paths; '' would be the vhost's list
      const x = await (await ctx.mgmt()).exchanges.get(ctx.vhost, name === '' || name === undefined ? 'amq.default' : name);
      await ctx.out.object(x, EXCHANGE_SHOW_VIEW.filter((c) => getPath(x, c.key) !== undefined));
    }),
  );
}
