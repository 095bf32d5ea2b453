import { defineCommand, opt } from '../../cli/define.js';
import { nonEmpty } from '../../cli/parsers.js';
import { CONNECTION_FIELDS } from '../../mgmt/fields.js';
import { withFields } from '../../render/view.js';
import { ALL_VHOSTS, listVhost } from '../scope.js';
import { keepOnly } from '../shared.js';

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
  options: { ...ALL_VHOSTS, user: opt.value('--user <name>', "only this user's connections", nonEmpty('the user name')) },
  async run(ctx, _args, { allVhosts, user }) {
    const all = (await ctx.mgmt()).cluster.connectionStream(listVhost(ctx, 'across-vhosts', allVhosts));
    await ctx.out.listPages(user === undefined ? all : keepOnly(all, (c) => c.user === user), CONNECTION_VIEW);
  },
});
