/**
 * Runtime parameters (per component and vhost: federation-upstream, shovel …) and global
 * parameters (cluster_name, cluster_tags …). The value is any JSON and changes in place; the
 * broker validates it per component (400, exit 65, with its reason).
 */
import { DataError, NotFoundError, describeTarget } from '../errors.js';
import type { Mgmt } from '../mgmt/client.js';
import { ApiError } from '../mgmt/errors.js';
import type { GlobalParameter, Parameter } from '../mgmt/resources/parameters.js';
import { withFields, type View } from '../render/view.js';
import { mutable, type Kind } from './kind.js';
import { refusalWords } from '../mgmt/errors.js';

export interface ParameterSpec {
  component: string;
  vhost: string;
  name: string;
  value: unknown;
}

export interface GlobalParameterSpec {
  name: string;
  value: unknown;
}

export const PARAMETER_VIEW: View = withFields([{ key: 'component' }, { key: 'name' }, { key: 'value' }], ['component', 'vhost', 'name', 'value']);
export const GLOBAL_PARAMETER_VIEW: View = withFields([{ key: 'name' }, { key: 'value' }], ['name', 'value']);

/** amqp://user:secret@host → amqp://user:***@host, in any text. */
export function maskCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:@/\s,"]*:)[^@/\s,"]*@/gi, '$1***@');
}

/**
 * A value as rmqx shows it: every URI with a password in it (a federation upstream's or a
 * shovel's uri) masked, at any depth. Comparisons use the value itself.
 */
export function maskedValue(value: unknown): unknown {
  if (typeof value === 'string') return maskCredentials(value);
  if (Array.isArray(value)) return value.map(maskedValue);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskedValue(v)]));
  return value;
}

/** A parameter as the API has it, with its value masked. */
export function maskedRow<R extends { value: unknown }>(row: R): R {
  return { ...row, value: maskedValue(row.value) };
}

const refused = (what: string, e: unknown): never => {
  if (e instanceof ApiError && e.status === 400) throw new DataError(`set ${what}: ${maskCredentials(refusalWords(e.reason))}`);
  throw e;
};

export const describeParameter = (p: Pick<ParameterSpec, 'component' | 'vhost' | 'name'>) => describeTarget({ kind: `${p.component} parameter`, name: p.name, vhost: p.vhost });

export const parameterKind: Kind<ParameterSpec> = {
  name: 'parameter',
  scope: 'vhost',
  dependsOn: ['vhost'],
  identity: (p) => ({ kind: 'parameter', component: p.component, vhost: p.vhost, name: p.name }),
  describe: describeParameter,
  async check(m: Mgmt, want) {
    if ((await m.vhosts.find(want.vhost)) === undefined) throw new NotFoundError(`set ${describeParameter(want)}: vhost '${want.vhost}' does not exist`, '`rmqx vhost list` lists the vhosts');
  },
  async read(m, p) {
    const found = await m.parameters.find(p.component, p.vhost, p.name);
    return found && { component: found.component, vhost: found.vhost, name: found.name, value: found.value };
  },
  async list(m, vhost) {
    const all = await m.parameters.list();
    return all.filter((p: Parameter) => vhost === undefined || p.vhost === vhost).map((p) => ({ component: p.component, vhost: p.vhost, name: p.name, value: p.value }));
  },
  diff: (have, want) => mutable('value', have.value, want.value),
  async write(m, p) {
    try {
      await m.parameters.put(p.component, p.vhost, p.name, p.value);
    } catch (e) {
      refused(describeParameter(p), e);
    }
  },
  remove: (m, p) => m.parameters.delete(p.component, p.vhost, p.name),
  verbs: { create: 'set', update: 'updated', delete: 'cleared' },
  view: PARAMETER_VIEW,
  outcome: ({ want, have }) => ({ component: (want ?? have)?.component, ...(want ? { value: maskedValue(want.value) } : {}) }),
};

const describeGlobal = (p: Pick<GlobalParameterSpec, 'name'>) => describeTarget({ kind: 'global parameter', name: p.name });

export const globalParameterKind: Kind<GlobalParameterSpec> = {
  name: 'global parameter',
  scope: 'cluster',
  dependsOn: [],
  identity: (p) => ({ kind: 'global parameter', name: p.name }),
  describe: describeGlobal,
  async read(m, p) {
    const found = await m.globalParameters.find(p.name);
    return found && { name: found.name, value: found.value };
  },
  async list(m) {
    return (await m.globalParameters.list()).map((p: GlobalParameter) => ({ name: p.name, value: p.value }));
  },
  diff: (have, want) => mutable('value', have.value, want.value),
  async write(m, p) {
    try {
      await m.globalParameters.put(p.name, p.value);
    } catch (e) {
      refused(describeGlobal(p), e);
    }
  },
  remove: (m, p) => m.globalParameters.delete(p.name),
  verbs: { create: 'set', update: 'updated', delete: 'cleared' },
  view: GLOBAL_PARAMETER_VIEW,
  outcome: ({ want }) => (want ? { value: maskedValue(want.value) } : {}),
};
