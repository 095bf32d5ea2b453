/**
 * The broker's definitions format (what `GET /api/definitions`, `rabbitmqctl
 * export_definitions` and the management UI produce), read from JSON or the same shape in YAML,
 * and checked object by object before anything is sent: a file that is not definitions is exit
 * 65 naming the first object and field that is wrong. Pure: no I/O, no broker.
 *
 * Two shapes are accepted, as the broker writes them: a whole cluster's (every object names its
 * vhost) and one vhost's (`GET /api/definitions/VHOST`: objects without a vhost, the vhost's own
 * description, metadata and limits at the top).
 */
import { DataError } from '../errors.js';
import { loadYaml } from './yaml.js';

export type Obj = Record<string, unknown>;

/** The sections of a definitions document, in the order the broker writes them. */
export const SECTIONS = [
  'users',
  'vhosts',
  'permissions',
  'topic_permissions',
  'parameters',
  'global_parameters',
  'policies',
  'operator_policies',
  'queues',
  'exchanges',
  'bindings',
] as const;
export type Section = (typeof SECTIONS)[number];

/** Top-level keys that describe the file (the broker's version, format, explanation) or, in a one-vhost file, the vhost itself. */
const META_KEYS = new Set([
  'rabbit_version',
  'rabbitmq_version',
  'product_name',
  'product_version',
  'rabbitmq_definition_format',
  'original_cluster_name',
  'original_vhost_name',
  'explanation',
  'name',
  'description',
  'metadata',
  'limits',
  'tags',
  'default_queue_type',
]);

export type Definitions = Partial<Record<Section, Obj[]>> & Obj;

type FieldType = 'string' | 'boolean' | 'number' | 'object' | 'tags' | 'any' | 'limits';

interface FieldRule {
  type: FieldType;
  required?: boolean;
}

const str = (required = false): FieldRule => ({ type: 'string', required });
const bool: FieldRule = { type: 'boolean' };
const obj = (required = false): FieldRule => ({ type: 'object', required });

/** What each section's objects hold. `vhost` is required in a whole-cluster file only (checked apart). */
const RULES: Record<Section, Record<string, FieldRule>> = {
  users: { name: str(true), password_hash: str(), hashing_algorithm: str(), tags: { type: 'tags' }, limits: { type: 'limits' }, password_env: str() },
  vhosts: { name: str(true), description: str(), tags: { type: 'tags' }, default_queue_type: str(), metadata: obj(), limits: { type: 'limits' }, tracing: bool, protected_from_deletion: bool },
  permissions: { user: str(true), vhost: str(), configure: str(true), write: str(true), read: str(true) },
  topic_permissions: { user: str(true), vhost: str(), exchange: str(true), write: str(true), read: str(true) },
  parameters: { component: str(true), name: str(true), vhost: str(), value: { type: 'any', required: true } },
  global_parameters: { name: str(true), value: { type: 'any', required: true } },
  policies: { name: str(true), vhost: str(), pattern: str(true), 'apply-to': str(), priority: { type: 'number' }, definition: obj(true) },
  operator_policies: { name: str(true), vhost: str(), pattern: str(true), 'apply-to': str(), priority: { type: 'number' }, definition: obj(true) },
  queues: { name: str(true), vhost: str(), durable: bool, auto_delete: bool, arguments: obj(), type: str() },
  exchanges: { name: str(true), vhost: str(), type: str(true), durable: bool, auto_delete: bool, internal: bool, arguments: obj() },
  bindings: { source: str(true), vhost: str(), destination: str(true), destination_type: str(true), routing_key: str(), arguments: obj() },
};

/** The sections whose objects live in a vhost. */
export const VHOST_SECTIONS: readonly Section[] = ['permissions', 'topic_permissions', 'parameters', 'policies', 'operator_policies', 'queues', 'exchanges', 'bindings'];

const typeWords: Record<FieldType, string> = {
  string: 'a string',
  boolean: 'true or false',
  number: 'a number',
  object: 'an object',
  tags: 'a list of strings or a comma-separated string',
  any: 'a value',
  limits: 'an object of whole numbers (-1: no limit)',
};

function fits(type: FieldType, v: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'object':
      return v !== null && typeof v === 'object' && !Array.isArray(v);
    case 'tags':
      return typeof v === 'string' || (Array.isArray(v) && v.every((t) => typeof t === 'string'));
    case 'limits':
      // RabbitMQ 3.x's rabbitmqctl export_definitions writes limits as pairs: [] or [["max-queues", 500]]
      if (Array.isArray(v)) return v.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && Number.isInteger(p[1]) && p[1] >= -1);
      return v !== null && typeof v === 'object' && Object.values(v).every((n) => Number.isInteger(n) && (n as number) >= -1);
    case 'any':
      return v !== undefined;
  }
}

/** "queues[3] ('orders' in vhost 'shop')": which object, in words a person can find in the file. */
export function objectWords(section: string, index: number, o: Obj): string {
  const name = typeof o.name === 'string' ? o.name : typeof o.user === 'string' ? o.user : typeof o.source === 'string' ? `${o.source} -> ${String(o.destination)}` : undefined;
  const where = typeof o.vhost === 'string' ? ` in vhost '${o.vhost}'` : '';
  return `${section}[${index}]${name !== undefined ? ` ('${name}'${where})` : ''}`;
}

export interface ParseOptions {
  /** the file's name for messages ('-' is standard input) */
  source: string;
  /** 'yaml' when the name ends .yaml/.yml; else JSON, or YAML when the text does not start like JSON */
  format?: 'json' | 'yaml';
}

/** Which format a file is in, by its name and first character. */
export function formatOf(source: string, text: string): 'json' | 'yaml' {
  if (/\.ya?ml$/i.test(source)) return 'yaml';
  if (/\.json$/i.test(source)) return 'json';
  const first = text.replace(/^\uFEFF/, '').trimStart()[0];
  return first === '{' || first === '[' ? 'json' : 'yaml';
}

/** Parse text as a definitions document (JSON, or YAML through the `yaml` package, loaded only then). */
export async function parseDefinitions(text: string, opts: ParseOptions): Promise<Definitions> {
  const where = opts.source === '-' ? 'standard input' : `'${opts.source}'`;
  const format = opts.format ?? formatOf(opts.source, text);
  let doc: unknown;
  if (format === 'json') {
    try {
      doc = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (e) {
      throw new DataError(`${where} is not definitions: invalid JSON: ${(e as Error).message}`);
    }
  } else {
    const { parse } = await loadYaml();
    try {
      // YAML 1.2 core schema: 'on'/'yes' stay strings, as they would in JSON
      doc = parse(text, { schema: 'core', uniqueKeys: true, maxAliasCount: 1000 });
    } catch (e) {
      throw new DataError(`${where} is not definitions: invalid YAML: ${oneLineOf((e as Error).message)}`);
    }
  }
  return checkDefinitions(doc, where);
}

const oneLineOf = (s: string) => s.split('\n')[0] ?? s;

/** Check a parsed document: known sections, arrays of objects, each field of the right type. */
export function checkDefinitions(doc: unknown, where: string): Definitions {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new DataError(`${where} is not definitions: expected an object with sections such as "queues" and "users"`);
  const d = doc as Obj;
  for (const key of Object.keys(d)) {
    if ((SECTIONS as readonly string[]).includes(key) || META_KEYS.has(key)) continue;
    throw new DataError(`${where}: unknown section '${key}'`, `the sections are ${SECTIONS.join(', ')}`);
  }
  for (const section of SECTIONS) {
    const list = d[section];
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new DataError(`${where}: '${section}' must be a list`);
    list.forEach((o, i) => checkObject(where, section, i, o));
  }
  if (d.limits !== undefined && !fits('limits', d.limits)) throw new DataError(`${where}: 'limits' must be ${typeWords.limits}`);
  if (d.metadata !== undefined && !fits('object', d.metadata)) throw new DataError(`${where}: 'metadata' must be ${typeWords.object}`);
  return d as Definitions;
}

function checkObject(where: string, section: Section, index: number, o: unknown): void {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new DataError(`${where}: ${section}[${index}] must be an object`);
  const item = o as Obj;
  const words = objectWords(section, index, item);
  for (const [field, rule] of Object.entries(RULES[section])) {
    const v = item[field];
    if (v === undefined || v === null) {
      if (rule.required) throw new DataError(`${where}: ${words}: '${field}' is missing`);
      continue;
    }
    if (!fits(rule.type, v)) throw new DataError(`${where}: ${words}: '${field}' must be ${typeWords[rule.type]}, not ${JSON.stringify(v)}`);
  }
  if (section === 'users' && item.password !== undefined) {
    throw new DataError(`${where}: ${words}: a plain 'password' is not read from a file`, "give 'password_env: VARIABLE' (the password in an environment variable) or 'password_hash' (`rmqx user hash-password`)");
  }
  if (section === 'users' && item.password_env !== undefined && item.password_hash !== undefined) {
    throw new DataError(`${where}: ${words}: give 'password_env' or 'password_hash', not both`);
  }
  if (section === 'bindings' && item.destination_type !== 'queue' && item.destination_type !== 'exchange') {
    throw new DataError(`${where}: ${words}: 'destination_type' must be queue or exchange, not ${JSON.stringify(item.destination_type)}`);
  }
}

/**
 * Scope a document to one vhost (`-V`): objects that name no vhost are in it, and so are those
 * of a one-vhost file (no vhosts section, one vhost named throughout); an object in another
 * vhost, or a cluster-wide section other than this vhost's own entry, is exit 65.
 * Without a scope, every object of a vhost section must name its vhost.
 */
export function scoped(doc: Definitions, where: string, vhost: string | undefined): Definitions {
  const out: Definitions = { ...doc };
  // a one-vhost file (no vhosts section, every object in one vhost) goes into the vhost -V names,
  // as the broker's own one-vhost import does: RabbitMQ 3.x writes the vhost into such exports
  const named = new Set(VHOST_SECTIONS.flatMap((s) => (doc[s] ?? []).map((o) => o.vhost).filter((v) => typeof v === 'string')));
  const rehome = vhost !== undefined && doc.vhosts === undefined && named.size === 1;
  for (const section of VHOST_SECTIONS) {
    const list = doc[section];
    if (!list) continue;
    out[section] = list.map((o, i) => {
      if (o.vhost === undefined || o.vhost === null || rehome) {
        if (vhost === undefined) throw new DataError(`${where}: ${objectWords(section, i, o)} names no vhost`, 'give the vhost in the object, or apply the file to one vhost with -V VHOST');
        return { ...o, vhost };
      }
      if (vhost !== undefined && o.vhost !== vhost) throw new DataError(`${where}: ${objectWords(section, i, o)} is not in vhost '${vhost}' (-V)`, 'leave out -V to apply a file of several vhosts');
      return o;
    });
  }
  if (vhost !== undefined) {
    for (const section of ['users', 'global_parameters'] as const) {
      if (doc[section]?.length) throw new DataError(`${where}: '${section}' is cluster-wide, but the file is applied to vhost '${vhost}' (-V)`, 'leave out -V to apply users and global parameters');
    }
    const others = (doc.vhosts ?? []).filter((v) => v.name !== vhost);
    if (others.length) throw new DataError(`${where}: vhost '${String(others[0]?.name)}' is in the file, but it is applied to vhost '${vhost}' (-V)`);
    // a one-vhost export carries the vhost's own description, metadata and limits at the top
    const own = (doc.vhosts ?? []).find((v) => v.name === vhost);
    if (!own && (doc.metadata !== undefined || doc.description !== undefined || doc.limits !== undefined)) {
      const entry: Obj = { name: vhost };
      for (const k of ['description', 'metadata', 'limits', 'tags', 'default_queue_type'] as const) if (doc[k] !== undefined) entry[k] = doc[k];
      out.vhosts = [entry];
    }
  }
  return out;
}
