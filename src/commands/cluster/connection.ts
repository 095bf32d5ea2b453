import { InvalidArgumentError, type Command } from 'commander';
import { noun, run, verb } from '../../cli/command.js';
import type { View } from '../../render/view.js';
import { deleting, ifExistsOption, requireName } from '../shared.js';
import { chosenVhost } from './scope.js';

export const CONNECTION_VIEW: View = [
  { key: 'name' },
  { key: 'user' },
  { key: 'vhost' },
  { key: 'peer_host', header: 'peer host' },
  { key: 'peer_port', header: 'peer port', align: 'right' },
  { key: 'state' },
  { key: 'channels', align: 'right' },
  { key: 'client_properties.connection_name', header: 'client name' },
];

export const DEFAULT_REASON = 'closed by rmqx';

/** The reason travels in an HTTP header (X-Reason): printable ASCII only. */
export function closeReason(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('the reason is empty');
  if (!/^[\x20-\x7e]*$/.test(value)) throw new InvalidArgumentError('only printable ASCII is allowed (the reason travels in an HTTP header)');
  return value;
}

export function registerConnection(program: Command): void {
  const connection = noun(program, 'connection', 'client connections', 'connections');

  verb(connection, 'list', 'list client connections (all vhosts unless -V/RMQX_VHOST/the profile names one)').action(
    run(async (ctx) => {
      await ctx.out.list(await (await ctx.mgmt()).cluster.connections(chosenVhost(ctx)), CONNECTION_VIEW);
    }),
  );

  ifExistsOption(verb(connection, 'close <name>', 'close a client connection; the client is told the reason'))
    .option('--reason <text>', `reason given to the client (default: "${DEFAULT_REASON}")`, closeReason)
    .action(
      run(async (ctx, [name], o) => {
        requireName('connection', name);
        const api = (await ctx.mgmt()).cluster;
        await deleting(ctx, { action: 'closed', kind: 'connection', name }, o.ifExists, () => api.closeConnection(name, o.reason ?? DEFAULT_REASON));
      }),
    );
}
