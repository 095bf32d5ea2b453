/**
 * Binding and unbinding, shared by `queue bind|unbind QUEUE EXCHANGE` and
 * `exchange bind|unbind DEST SOURCE`. A binding is named by what the user knows (source,
 * destination, routing key, arguments); the API's properties_key is looked up, never typed.
 */
import type { Context } from '../../cli/context.js';
import { opt, type OptValues } from '../../cli/define.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { bindingKind, bindingsBetween, bindingWords, destinationKind, missingEnd, sameBinding, type BindingSpec } from '../../kinds/binding.js';
import { ApiError } from '../../mgmt/errors.js';
import type { DestinationType } from '../../mgmt/resources/bindings.js';
import { t } from '../../mgmt/resources/common.js';
import { ensure, outcomeOf } from '../../plan/execute.js';
import { IF_EXISTS } from '../options.js';
import { argumentOptions, givenArguments } from '../queue/arguments.js';

export type { BindingSpec } from '../../kinds/binding.js';

/** The binding's fields of an outcome (kind, vhost, source, destination …), from its kind. */
function outcomeFields(s: BindingSpec) {
  const { action: _a, changed: _c, note: _n, ...fields } = outcomeOf({ kind: bindingKind, action: 'delete', have: s, differences: [] });
  return fields;
}

/** What names a binding besides its ends: --routing-key, --arguments, --arg. */
export const BINDING_OPTIONS = {
  routingKey: opt.text('--routing-key <key>', 'routing key (binding key) of the binding', ''),
  ...argumentOptions('binding arguments (headers exchanges match on them: x-match=all …)'),
};

export type BindingOptions = OptValues<typeof BINDING_OPTIONS>;

/** unbind: the same, and --if-exists. */
export const UNBIND_OPTIONS = { ...BINDING_OPTIONS, ...IF_EXISTS };

/** Every bad input → 64 before any request. The default exchange binds every queue by name already. */
export function bindingSpec(vhost: string, source: string, destinationType: DestinationType, destination: string, o: BindingOptions): BindingSpec {
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
  return { vhost, source, destinationType, destination, routingKey: o.routingKey, arguments: givenArguments(o) };
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
