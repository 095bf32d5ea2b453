import type { Context } from '../../cli/context.js';

/**
 * Connections, channels and consumers are listed across all vhosts unless a vhost was asked
 * for (flag, RMQX_VHOST or the profile): the default '/' is not a choice the user made.
 */
export function chosenVhost(ctx: Context): string | undefined {
  return ctx.settings.origins.vhost?.kind !== 'default' ? ctx.vhost : undefined;
}
