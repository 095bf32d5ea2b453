/** Virtual hosts: description, tags, default queue type and tracing change in place. */
import { describeTarget } from '../errors.js';
import type { Vhost } from '../mgmt/types.js';
import { withFields, type View } from '../render/view.js';
import { VHOST_FIELDS } from '../mgmt/fields.js';
import { mutable, sameSet, type Difference, type Kind } from './kind.js';
import { tagList } from './tags.js';

export interface VhostSpec {
  name: string;
  description?: string;
  tags?: string[];
  /** undefined on an existing vhost: none set (the broker's default, classic) */
  defaultQueueType?: string;
  tracing?: boolean;
}

/** The vhost's default queue type; 3.10 reports an unset one as the string 'undefined'. */
export function vhostQueueType(v: Vhost): string | undefined {
  const t = v.default_queue_type ?? v.metadata?.default_queue_type;
  return t === undefined || t === 'undefined' ? undefined : t;
}

export function vhostSpecOf(v: Vhost): VhostSpec {
  return { name: v.name, description: v.description ?? '', tags: tagList(v.tags), defaultQueueType: vhostQueueType(v), tracing: Boolean(v.tracing) };
}

export const VHOST_VIEW: View = withFields(
  [
    { key: 'name' },
    { key: 'description' },
    // 3.10 reports an unset type as the string 'undefined'
    { key: 'default_queue_type', header: 'default queue type', format: (v) => (v === undefined || v === 'undefined' ? '' : String(v)) },
    { key: 'tracing' },
    { key: 'messages', align: 'right' },
  ],
  VHOST_FIELDS,
);

export const vhostKind: Kind<VhostSpec> = {
  name: 'vhost',
  scope: 'cluster',
  dependsOn: [],
  identity: (v) => ({ kind: 'vhost', name: v.name }),
  describe: (v) => describeTarget({ kind: 'vhost', name: v.name }),
  async read(m, v) {
    const found = await m.vhosts.find(v.name);
    return found && vhostSpecOf(found);
  },
  async list(m) {
    return (await m.vhosts.list()).map(vhostSpecOf);
  },
  diff(have, want) {
    const d: Difference[] = [...mutable('description', have.description ?? '', want.description)];
    if (want.tags !== undefined && !sameSet(want.tags, have.tags ?? [])) d.push({ field: 'tags', have: have.tags ?? [], want: want.tags, mutable: true });
    d.push(...mutable('default queue type', have.defaultQueueType ?? 'classic', want.defaultQueueType));
    d.push(...mutable('tracing', Boolean(have.tracing), want.tracing));
    return d;
  },
  async write(m, want, have) {
    const type = want.defaultQueueType ?? have?.defaultQueueType;
    await m.vhosts.put(want.name, {
      description: want.description ?? have?.description,
      tags: want.tags ?? have?.tags,
      // 3.10 reads `defaultqueuetype`; later versions `default_queue_type`
      default_queue_type: type,
      defaultqueuetype: type,
      tracing: want.tracing ?? have?.tracing,
    });
  },
  remove: (m, v) => m.vhosts.delete(v.name),
  verbs: { create: 'added', update: 'updated', delete: 'deleted' },
  view: VHOST_VIEW,
};
