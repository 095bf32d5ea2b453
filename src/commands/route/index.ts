/**
 * `rmqx route -e EXCHANGE -k KEY [-H name=value]…`: which queues a message would reach and
 * through which bindings, computed from the broker's exchanges, bindings and policies
 * (./engine.ts) without publishing anything.
 */
import { defineCommand, opt } from '../../cli/define.js';
import { collectPair } from '../../cli/parsers.js';
import type { Context } from '../../cli/context.js';
import { DataError, NegativeOutcome, NotFoundError, UsageError } from '../../errors.js';
import { ApiError } from '../../mgmt/errors.js';
import type { View } from '../../render/view.js';
import { describePath, route, type Outcome, type RouteExchange } from './engine.js';

const HELP = `
The answer is computed from GET /api/exchanges/{vhost}, /api/bindings/{vhost} and the policies
that name an alternate exchange, the way the broker routes: exchange-to-exchange bindings,
direct, fanout, topic (* one word, # zero or more) and headers exchanges (x-match all, any,
all-with-x, any-with-x), the alternate exchange (the exchange's alternate-exchange argument,
else its policy's) when an exchange's bindings match nothing, and the default exchange (the
routing key names the queue). Nothing is published.

An exchange of a plugin's type (x-consistent-hash, x-delayed-message, x-local-random, …) routes
by rules its bindings do not tell: the answer says so and lists what it might route to.

Exit 0 when the message reaches at least one queue (or cannot be known exactly), 1 when it is
unroutable, 66 when the exchange does not exist, 65 when it is internal.

Examples:
  rmqx route -e orders -k eu.created
  rmqx route -e events -H type=created -H attempt=1 --json
  rmqx route -e '' -k my-queue          the default exchange`;

export const ROUTE_VIEW: View = [
  { key: 'queue' },
  { key: 'binding', header: 'binding key' },
  { key: 'path', header: 'through' },
];

export const routeCommand = defineCommand({
  name: 'route',
  summary: 'which queues a message would reach, and through which bindings (nothing is published)',
  options: {
    exchange: opt.string('-e, --exchange <name>', "the exchange published to ('' or amq.default: the default exchange)"),
    routingKey: opt.text('-k, --routing-key <key>', 'routing key', ''),
    header: opt.repeat('-H, --header <k=v>', 'message header, repeatable: n=3 is a number, ok=true a boolean, id:=007 a string', collectPair),
  },
  help: HELP,
  async run(ctx, _args, { exchange: given, routingKey, header }) {
    if (given === undefined) throw new UsageError('route: -e/--exchange is required', "use -e '' for the default exchange");
    const exchange = given === 'amq.default' ? '' : given;
    const vhost = ctx.vhost;
    const mgmt = await ctx.mgmt();
    const [exchanges, bindings] = await Promise.all([mgmt.exchanges.list(vhost), mgmt.bindings.list(vhost)]);
    const named = exchanges.filter((x) => typeof x.policy === 'string' && x.policy !== '');
    let policyAlternates = new Map<string, string>();
    if (named.length > 0) {
      try {
        const policies = await mgmt.policies.list(vhost);
        const byName = new Map(policies.map((p) => [p.name, p.definition?.['alternate-exchange']]));
        policyAlternates = new Map(named.flatMap((x) => {
          const ae = byName.get(String(x.policy));
          return typeof ae === 'string' ? [[x.name, ae] as [string, string]] : [];
        }));
      } catch (e) {
        if (!(e instanceof ApiError) || (e.status !== 401 && e.status !== 403)) throw e;
        ctx.out.warn('cannot read the policies (the user needs the policymaker or monitoring tag): an alternate exchange set by policy is not followed');
      }
    }
    const topo: RouteExchange[] = exchanges.map((x) => ({ name: x.name, type: x.type, internal: x.internal, arguments: x.arguments, policyAlternate: policyAlternates.get(x.name) }));
    const headers = header ?? {};
    const result = route({ exchanges: topo, bindings }, { exchange, routingKey, headers });
    const xName = exchange === '' ? 'the default exchange' : `exchange '${exchange}'`;
    if (result.missing) throw new NotFoundError(`route: ${xName} in vhost '${vhost}' does not exist`, '`rmqx exchange list` shows the exchanges');
    if (result.internal) throw new DataError(`route: ${xName} in vhost '${vhost}' is internal: publishers cannot publish to it`);
    await show(ctx, result, { exchange, routingKey, headers, vhost });
    for (const m of result.missingAlternates) ctx.out.warn(`exchange '${m.exchange}' names the alternate exchange '${m.alternate}', which does not exist`);
    for (const i of result.inexact) {
      const may = i.candidates.map((c) => `${c.destination_type} '${c.destination}'`).join(', ');
      ctx.out.warn(`exchange '${i.exchange}' is of type '${i.type}', whose routing cannot be computed from its bindings: the answer is not exact${may ? `; it may route to ${may}` : '; it has no bindings'}`);
    }
    if (result.queues.length === 0 && result.exact) throw new NegativeOutcome(`route: a message to ${xName} in vhost '${vhost}' with routing key '${routingKey}'${Object.keys(headers).length ? ' and these headers' : ''} reaches no queue (unroutable)`);
  },
});

async function show(ctx: Context, r: Outcome, m: { exchange: string; routingKey: string; headers: Record<string, unknown>; vhost: string }): Promise<void> {
  if (ctx.out.json) {
    await ctx.out.result(
      {
        vhost: m.vhost,
        exchange: m.exchange,
        routing_key: m.routingKey,
        headers: m.headers,
        routed: r.queues.length > 0,
        exact: r.exact,
        queues: r.queues,
        routes: r.routes,
        inexact: r.inexact,
        missing_alternates: r.missingAlternates,
      },
      {},
    );
    return;
  }
  const rows = r.routes.map((x) => ({ queue: x.queue, binding: bindingWords(x.binding), path: describePath(x.path) }));
  await ctx.out.list(rows, ROUTE_VIEW);
}

function bindingWords(b: { routing_key: string; arguments: Record<string, unknown> }): string {
  const args = Object.keys(b.arguments).length ? ` ${JSON.stringify(b.arguments)}` : '';
  return `${b.routing_key}${args}`;
}
