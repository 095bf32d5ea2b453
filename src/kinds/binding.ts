/**
 * Bindings: an identity and nothing else (source, destination, routing key and arguments), so a
 * binding is either there or not. The API's properties_key is looked up, never typed.
 */
import { NotFoundError } from '../errors.js';
import type { Mgmt } from '../mgmt/client.js';
import { ApiError } from '../mgmt/errors.js';
import type { DestinationType } from '../mgmt/resources/bindings.js';
import { t } from '../mgmt/resources/common.js';
import type { Arguments, Binding } from '../mgmt/types.js';
import { withFields, type View } from '../render/view.js';
import { BINDING_FIELDS } from '../mgmt/fields.js';
import { defaultExchangeName } from './exchange.js';
import { sameValue, type Kind } from './kind.js';

export interface BindingSpec {
  vhost: string;
  source: string;
  destinationType: DestinationType;
  destination: string;
  routingKey: string;
  arguments: Arguments;
}

export const destinationKind = (type: DestinationType) => (type === 'q' ? 'queue' : 'exchange');

/** "exchange 'x' -> queue 'q' with routing key 'k' in vhost 'v'" (messages flow left to right) */
export function bindingWords(s: BindingSpec): string {
  const args = Object.keys(s.arguments).length ? ` and arguments ${JSON.stringify(s.arguments)}` : '';
  return `exchange '${s.source}' -> ${destinationKind(s.destinationType)} '${s.destination}' with routing key '${s.routingKey}'${args} in vhost '${s.vhost}'`;
}

export function sameBinding(b: Binding, s: BindingSpec): boolean {
  return b.routing_key === s.routingKey && sameValue(b.arguments ?? {}, s.arguments);
}

/** The bindings from source to destination; none (not 404) when either or the vhost is missing. */
export async function bindingsBetween(m: Mgmt, s: BindingSpec, op: string): Promise<Binding[]> {
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
export async function missingEnd(m: Mgmt, s: BindingSpec): Promise<string | undefined> {
  if (!(await m.vhosts.find(s.vhost))) return `vhost '${s.vhost}' does not exist`;
  if (!(await m.exchanges.find(s.vhost, s.source))) return `source exchange '${s.source}' does not exist in vhost '${s.vhost}'`;
  const dest = s.destinationType === 'q' ? await m.queues.find(s.vhost, s.destination) : await m.exchanges.find(s.vhost, s.destination);
  if (!dest) return `destination ${destinationKind(s.destinationType)} '${s.destination}' does not exist in vhost '${s.vhost}'`;
  return undefined;
}

/** `binding list` */
export const BINDING_VIEW: View = withFields(
  [{ key: 'source', human: defaultExchangeName }, { key: 'destination_type' }, { key: 'destination' }, { key: 'routing_key' }, { key: 'arguments' }],
  BINDING_FIELDS,
);

function bindingSpecOf(b: Binding): BindingSpec {
  return { vhost: b.vhost, source: b.source, destinationType: b.destination_type === 'queue' ? 'q' : 'e', destination: b.destination, routingKey: b.routing_key, arguments: b.arguments ?? {} };
}

export const bindingKind: Kind<BindingSpec> = {
  name: 'binding',
  scope: 'vhost',
  dependsOn: ['vhost', 'exchange', 'queue'],
  identity: (b) => ({ kind: 'binding', vhost: b.vhost, source: b.source, destinationType: b.destinationType, destination: b.destination, routingKey: b.routingKey, arguments: b.arguments }),
  describe: (b) => `binding ${bindingWords(b)}`,
  async read(m, b) {
    const found = (await bindingsBetween(m, b, 'bind')).find((x) => sameBinding(x, b));
    return found && bindingSpecOf(found);
  },
  async list(m, vhost) {
    return (await m.bindings.list(vhost)).filter((b) => b.source !== '').map(bindingSpecOf);
  },
  diff: () => [],
  async write(m, b) {
    try {
      await m.bindings.create(b.vhost, b.source, b.destinationType, b.destination, { routing_key: b.routingKey, arguments: b.arguments }, t('bind', destinationKind(b.destinationType), b.destination, b.vhost));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) throw new NotFoundError(`bind ${bindingWords(b)}: ${(await missingEnd(m, b)) ?? e.reason}`);
      throw e;
    }
  },
  async remove(m, b) {
    const found = (await bindingsBetween(m, b, 'unbind')).find((x) => sameBinding(x, b));
    if (found) await m.bindings.delete(b.vhost, b.source, b.destinationType, b.destination, found.properties_key, t('unbind', destinationKind(b.destinationType), b.destination, b.vhost));
  },
  verbs: { create: 'bound', update: 'bound', delete: 'unbound' },
  view: BINDING_VIEW,
  notes: {
    create: (b) => `bound ${bindingWords(b)}`,
    unchanged: (b) => `binding ${bindingWords(b)} exists already, nothing changed`,
  },
  outcome: ({ want, have }) => {
    const b = (want ?? have) as BindingSpec;
    return {
    source: b.source,
    destination: b.destination,
    destination_type: destinationKind(b.destinationType),
    routing_key: b.routingKey,
    arguments: b.arguments,
    };
  },
};
