/**
 * The broker's defaults in a definitions document: left out by `definitions export
 * --strip-defaults` (so a file reads like what a person declared) and put back by `definitions
 * import` before the broker's own import sees it (which expects every field). Pure.
 */
import type { Definitions, Obj, Section } from './document.js';
import { BROKER_GLOBALS } from './state.js';

/** Per section: field → the value the broker takes when it is left out. */
const DEFAULTS: Partial<Record<Section, Record<string, unknown>>> = {
  queues: { durable: true, auto_delete: false, arguments: {} },
  exchanges: { durable: true, auto_delete: false, internal: false, arguments: {} },
  bindings: { routing_key: '', arguments: {} },
  policies: { 'apply-to': 'all', priority: 0 },
  operator_policies: { 'apply-to': 'all', priority: 0 },
  users: { tags: [], limits: {}, hashing_algorithm: 'rabbit_password_hashing_sha256' },
  vhosts: { limits: {} },
};

const empty = (v: unknown) => v !== null && typeof v === 'object' && Object.keys(v as object).length === 0;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A vhost's metadata without its defaults (empty description and tags, classic queues). */
function strippedMetadata(m: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(m)) {
    if (k === 'description' && v === '') continue;
    if (k === 'tags' && Array.isArray(v) && v.length === 0) continue;
    if (k === 'default_queue_type' && (v === 'classic' || v === 'undefined')) continue;
    out[k] = v;
  }
  return out;
}

/** The vhosts whose default queue type is not classic: a classic queue there must say so. */
function nonClassicVhosts(doc: Definitions): Set<string> {
  const out = new Set<string>();
  for (const v of doc.vhosts ?? []) {
    const m = (v.metadata ?? {}) as Obj;
    const t = v.default_queue_type ?? m.default_queue_type;
    if (typeof t === 'string' && t !== 'classic' && t !== 'undefined') out.add(String(v.name));
  }
  return out;
}

/** The document without values equal to the broker's defaults, nor the broker's own global parameters. */
export function stripDefaults(doc: Definitions): Definitions {
  const out: Definitions = { ...doc };
  const keepClassic = nonClassicVhosts(doc);
  for (const [section, defaults] of Object.entries(DEFAULTS) as Array<[Section, Record<string, unknown>]>) {
    const list = doc[section];
    if (!list) continue;
    out[section] = list.map((o) => {
      const s: Obj = {};
      for (const [k, v] of Object.entries(o)) if (!(k in defaults && same(v, defaults[k]))) s[k] = v;
      if (section === 'vhosts' && s.metadata && typeof s.metadata === 'object') {
        const m = strippedMetadata(s.metadata as Obj);
        if (empty(m)) delete s.metadata;
        else s.metadata = m;
      }
      if (section === 'queues') stripQueueType(s, keepClassic.has(String(o.vhost)));
      return s;
    });
  }
  if (doc.global_parameters) {
    out.global_parameters = doc.global_parameters.filter((g) => !BROKER_GLOBALS.has(String(g.name)) && !(g.name === 'cluster_tags' && empty(g.value)));
  }
  return out;
}

/** x-queue-type repeats `type`; a classic type is the default where the vhost's is classic. */
function stripQueueType(q: Obj, classicMatters: boolean): void {
  const args = q.arguments as Obj | undefined;
  const type = q.type ?? args?.['x-queue-type'];
  if (args && args['x-queue-type'] !== undefined && (q.type === undefined || args['x-queue-type'] === q.type)) {
    const { 'x-queue-type': _t, ...rest } = args;
    if (empty(rest)) delete q.arguments;
    else q.arguments = rest;
  }
  if (type === 'classic' && !classicMatters) delete q.type;
  else if (type !== undefined) q.type = type;
}

/** The document with every default the broker's import expects filled in (a stripped file imports as it was exported). */
export function fillDefaults(doc: Definitions): Definitions {
  const out: Definitions = { ...doc };
  for (const [section, defaults] of Object.entries(DEFAULTS) as Array<[Section, Record<string, unknown>]>) {
    const list = doc[section];
    if (!list) continue;
    out[section] = list.map((o) => {
      const s: Obj = { ...structuredClone(defaults), ...o };
      if (section === 'queues' && typeof o.type === 'string') s.arguments = { 'x-queue-type': o.type, ...(s.arguments as Obj) };
      return s;
    });
  }
  return out;
}
