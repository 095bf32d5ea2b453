import { defineCommand } from '../../cli/define.js';
import { SHOVEL_VIEW, shovelRow } from '../../kinds/shovel.js';
import type { Mgmt } from '../../mgmt/client.js';
import type { ShovelStatus } from '../../mgmt/resources/shovels.js';
import { ALL_VHOSTS, listVhost, scopedView } from '../scope.js';
import { pluginRoute } from './common.js';

/** The definitions of the vhost (or all) with each one's state from /api/shovels; static shovels (config file) too. */
export async function shovelRows(m: Mgmt, vhost: string | undefined) {
  const [params, statuses] = await Promise.all([m.shovels.list(vhost), pluginRoute('rabbitmq_shovel_management', 'list shovel status', () => m.shovels.status(vhost))]);
  const key = (s: { vhost: string; name: string }) => `${s.vhost}\u0000${s.name}`;
  const byName = new Map<string, ShovelStatus>(statuses.map((s) => [key(s), s]));
  const rows = params.map((p) => shovelRow(p, byName.get(key(p))));
  const dynamic = new Set(params.map(key));
  for (const s of statuses) if (s.type === 'static' && !dynamic.has(key(s))) rows.push(shovelRow(undefined, s));
  return rows.sort((a, b) => a.vhost.localeCompare(b.vhost) || a.name.localeCompare(b.name));
}

export const shovelList = defineCommand({
  name: 'list',
  summary: 'list the shovels of the vhost (-V; --all-vhosts for every one) with their state; URIs without passwords',
  options: { ...ALL_VHOSTS },
  help: `state is the broker's: starting, running, terminated (reason then says why); (unknown) when the
broker reports none for it yet. Passwords in URIs show as ***.`,
  async run(ctx, _args, { allVhosts }) {
    const vhost = listVhost(ctx, 'in-vhost', allVhosts);
    await ctx.out.list(await shovelRows(await ctx.mgmt(), vhost), scopedView(SHOVEL_VIEW, vhost));
  },
});
