/**
 * Binding and unbinding, shared by `queue bind|unbind QUEUE EXCHANGE` and
 * `exchange bind|unbind DEST SOURCE`. A binding is named by what the user knows (source,
 * destination, routing key, arguments); the API's properties_key is looked up, never typed.
 */
import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { NotFoundError, UsageError } from '../../errors.js';
import type { Mgmt } from '../../mgmt/client.js';
import { ApiError } from '../../mgmt/errors.js';
import type { DestinationType } from '../../mgmt/resources/bindings.js';
import { t } from '../../mgmt/resources/common.js';
import type { Arguments, Binding } from '../../mgmt/types.js';
import { argumentsOptions, givenArguments } from '../queue/arguments.js';
import { ifExistsOption, sameValue } from '../shared.js';

export interface BindingSpec {
  vhost: string;
  source: string;
  destinationType: DestinationType;
  destination: string;
  routingKey: string;
  arguments: Arguments;
}

/** --routing-key, --arguments, --arg; unbind adds --if-exists. */
export function bindingOptions(cmd: Command, unbind = false): Command {
  cmd.option('--routing-key <key>', 'routing key (binding key) of the binding', '');
  argumentsOptions(cmd, 'binding arguments (headers exchanges match on them: x-match=all …)');
  if (unbind) ifExistsOption(cmd);
  return cmd;
}

const kindOf = (type: DestinationType) => (type === 'q' ? 'queue' : 'exchange');

/** Every bad input → 64 before any request. The default exchange binds every queue by name already. */
export function bindingSpec(vhost: string, source: string, destinationType: DestinationType, destination: string, o: Record<string, any>): BindingSpec {
  const dest = kindOf(destinationType);
  if (destination === '' && destinationType === 'q') throw new UsageError('queue name is empty');
  for (const [role, kind, name] of [
    ['source', 'exchange', source],
    ['destination', dest, destination],
  ] as const) {
    if (kind === 'exchange' && (name === '' || name === 'amq.default')) {
      throw new UsageError(`the default exchange ('${name}', the ${role}) cannot be bound or unbound`, "every queue is bound to it by its own name already; bind to a named exchange such as 'amq.direct'");
    }
  }
  return { vhost, source, destinationType, destination, routingKey: o.routingKey ?? '', arguments: givenArguments(o) };
}

/** "exchange 'x' -> queue 'q' with routing key 'k' in vhost 'v'" (messages flow left to right) */
export function bindingWords(s: BindingSpec): string {
  const args = Object.keys(s.arguments).length ? ` and arguments ${JSON.stringify(s.arguments)}` : '';
  return `exchange '${s.source}' -> ${kindOf(s.destinationType)} '${s.destination}' with routing key '${s.routingKey}'${args} in vhost '${s.vhost}'`;
}

function outcomeFields(s: BindingSpec) {
  return {
    kind: 'binding',
    vhost: s.vhost,
    source: s.source,
    destination: s.destination,
    destination_type: kindOf(s.destinationType),
    routing_key: s.routingKey,
    arguments: s.arguments,
  };
}

function sameBinding(b: Binding, s: BindingSpec): boolean {
  return b.routing_key === s.routingKey && sameValue(b.arguments ?? {}, s.arguments);
}

/** The bindings from source to destination; none (not 404) when either or the vhost is missing. */
async function between(m: Mgmt, s: BindingSpec, op: string): Promise<Binding[]> {
  try {
    return await m.bindings.between(s.vhost, s.source, s.destinationType, s.destination, t(op, 'binding', undefined, s.vhost));
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return [];
    throw e;
  }
}

/**
 * Which of vhost, source and destination is missing (the API lists no bindings rather than
 * answering 404 when one is), or undefined when all three exist.
 */
async function missingOne(m: Mgmt, s: BindingSpec): Promise<string | undefined> {
  if (!(await m.vhosts.find(s.vhost))) return `vhost '${s.vhost}' does not exist`;
  if (!(await m.exchanges.find(s.vhost, s.source))) return `source exchange '${s.source}' does not exist in vhost '${s.vhost}'`;
  const dest = s.destinationType === 'q' ? await m.queues.find(s.vhost, s.destination) : await m.exchanges.find(s.vhost, s.destination);
  if (!dest) return `destination ${kindOf(s.destinationType)} '${s.destination}' does not exist in vhost '${s.vhost}'`;
  return undefined;
}

/** Idempotent: an identical binding already there is changed:false, nothing sent. */
export async function bind(ctx: Context, s: BindingSpec): Promise<void> {
  const m = await ctx.mgmt();
  const existing = await between(m, s, 'bind');
  if (existing.some((b) => sameBinding(b, s))) {
    await ctx.report({ action: 'bound', ...outcomeFields(s), changed: false, note: `binding ${bindingWords(s)} exists already, nothing changed` });
    return;
  }
  try {
    await m.bindings.create(s.vhost, s.source, s.destinationType, s.destination, { routing_key: s.routingKey, arguments: s.arguments }, t('bind', kindOf(s.destinationType), s.destination, s.vhost));
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      throw new NotFoundError(`bind ${bindingWords(s)}: ${(await missingOne(m, s)) ?? e.reason}`);
    }
    throw e;
  }
  await ctx.report({ action: 'bound', ...outcomeFields(s), changed: true, note: `bound ${bindingWords(s)}` });
}

/** Finds the binding by routing key and arguments, deletes it by its properties_key. */
export async function unbind(ctx: Context, s: BindingSpec, ifExists: boolean | undefined): Promise<void> {
  const m = await ctx.mgmt();
  const existing = await between(m, s, 'unbind');
  const found = existing.find((b) => sameBinding(b, s));
  let gone = !found;
  if (found) {
    try {
      await m.bindings.delete(s.vhost, s.source, s.destinationType, s.destination, found.properties_key, t('unbind', kindOf(s.destinationType), s.destination, s.vhost));
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) throw e;
      gone = true; // removed by someone else in between
    }
  }
  if (!gone) {
    await ctx.report({ action: 'unbound', ...outcomeFields(s), changed: true, note: `unbound ${bindingWords(s)}` });
    return;
  }
  if (ifExists) {
    await ctx.report({ action: 'unbound', ...outcomeFields(s), changed: false, note: `no binding ${bindingWords(s)}; nothing to do` });
    return;
  }
  const missing = await missingOne(m, s);
  const others = existing.filter((b) => b !== found);
  const hint = others.length
    ? `bindings between them: ${others.map((b) => `routing key '${b.routing_key}'${Object.keys(b.arguments ?? {}).length ? ` arguments ${JSON.stringify(b.arguments)}` : ''}`).join('; ')}`
    : 'add --if-exists to make a missing binding a success';
  throw new NotFoundError(`unbind ${bindingWords(s)}: ${missing ?? 'no such binding'}`, missing ? 'add --if-exists to make a missing binding a success' : hint);
}
