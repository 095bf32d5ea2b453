/**
 * Binding and unbinding, shared by `queue bind|unbind QUEUE EXCHANGE` and
 * `exchange bind|unbind DEST SOURCE`. A binding is named by what the user knows (source,
 * destination, routing key, arguments); the API's properties_key is looked up, never typed.
 */
import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { bindingKind, bindingsBetween, bindingWords, destinationKind, missingEnd, sameBinding, type BindingSpec } from '../../kinds/binding.js';
import { ApiError } from '../../mgmt/errors.js';
import type { DestinationType } from '../../mgmt/resources/bindings.js';
import { t } from '../../mgmt/resources/common.js';
import { ensure, outcomeOf } from '../../plan/execute.js';
import { argumentsOptions, givenArguments } from '../queue/arguments.js';
import { ifExistsOption } from '../shared.js';

export type { BindingSpec } from '../../kinds/binding.js';

/** The binding's fields of an outcome (kind, vhost, source, destination …), from its kind. */
function outcomeFields(s: BindingSpec) {
  const { action: _a, changed: _c, note: _n, ...fields } = outcomeOf({ kind: bindingKind, action: 'delete', have: s, differences: [] });
  return fields;
}

/** --routing-key, --arguments, --arg; unbind adds --if-exists. */
export function bindingOptions(cmd: Command, unbind = false): Command {
  cmd.option('--routing-key <key>', 'routing key (binding key) of the binding', '');
  argumentsOptions(cmd, 'binding arguments (headers exchanges match on them: x-match=all …)');
  if (unbind) ifExistsOption(cmd);
  return cmd;
}

/** Every bad input → 64 before any request. The default exchange binds every queue by name already. */
export function bindingSpec(vhost: string, source: string, destinationType: DestinationType, destination: string, o: Record<string, any>): BindingSpec {
  const dest = destinationKind(destinationType);
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

/** Idempotent: an identical binding already there is changed:false, nothing sent. */
export async function bind(ctx: Context, s: BindingSpec): Promise<void> {
  await ensure(ctx, bindingKind, s);
}

/** Finds the binding by routing key and arguments, deletes it by its properties_key. */
export async function unbind(ctx: Context, s: BindingSpec, ifExists: boolean | undefined): Promise<void> {
  const m = await ctx.mgmt();
  const existing = await bindingsBetween(m, s, 'unbind');
  const found = existing.find((b) => sameBinding(b, s));
  let gone = !found;
  if (found) {
    try {
      await m.bindings.delete(s.vhost, s.source, s.destinationType, s.destination, found.properties_key, t('unbind', destinationKind(s.destinationType), s.destination, s.vhost));
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
  const missing = await missingEnd(m, s);
  const others = existing.filter((b) => b !== found);
  const hint = others.length
    ? `bindings between them: ${others.map((b) => `routing key '${b.routing_key}'${Object.keys(b.arguments ?? {}).length ? ` arguments ${JSON.stringify(b.arguments)}` : ''}`).join('; ')}`
    : 'add --if-exists to make a missing binding a success';
  throw new NotFoundError(`unbind ${bindingWords(s)}: ${missing ?? 'no such binding'}`, missing ? 'add --if-exists to make a missing binding a success' : hint);
}
