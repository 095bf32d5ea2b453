import { defineCommand } from '../../cli/define.js';
import { CONNECTION_FIELDS } from '../../mgmt/fields.js';
import { withFields } from '../../render/view.js';
import { ALL_VHOSTS, listVhost } from '../scope.js';

export const CONNECTION_VIEW = withFields(
  [
    { key: 'name' },
    { key: 'user' },
    { key: 'vhost' },
    { key: 'peer_host', header: 'peer host' },
    { key: 'peer_port', header: 'peer port', align: 'right' },
    { key: 'state' },
    { key: 'channels', align: 'right' },
    { key: 'client_properties.connection_name', header: 'client name' },
  ],
  CONNECTION_FIELDS,
);

export const connectionList = defineCommand({
  name: 'list',
  summary: 'list client connections (all vhosts unless -V/RMQX_VHOST/the profile names one)',
  options: { ...ALL_VHOSTS },
  async run(ctx, _args, { allVhosts }) {
    await ctx.out.list(await (await ctx.mgmt()).cluster.connections(listVhost(ctx, 'across-vhosts', allVhosts)), CONNECTION_VIEW);
  },
});
