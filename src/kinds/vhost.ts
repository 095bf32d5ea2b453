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
  /** RabbitMQ 4.1+: a DELETE of the vhost is refused until this is lifted; undefined on older brokers */
  protectedFromDeletion?: boolean;
}

/** The vhost's default queue type; 3.10 reports an unset one as the string 'undefined'. */
export function vhostQueueType(v: Vhost): string | undefined {
  const t = v.default_queue_type ?? v.metadata?.default_queue_type;
  return t === undefined || t === 'undefined' ? undefined : t;
}

/** Whether the vhost is protected from deletion (4.1+ report it, at the top and in metadata); undefined when the broker does not say. */
export function vhostProtected(v: Vhost): boolean | undefined {
  const metadata: Record<string, unknown> = v.metadata ?? {};
  const p = v.protected_from_deletion ?? metadata.protected_from_deletion;
  return typeof p === 'boolean' ? p : undefined;
}

export function vhostSpecOf(v: Vhost): VhostSpec {
  const spec: VhostSpec = { name: v.name, description: v.description ?? '', tags: tagList(v.tags), defaultQueueType: vhostQueueType(v), tracing: Boolean(v.tracing) };
  const p = vhostProtected(v);
  if (p !== undefined) spec.protectedFromDeletion = p;
  return spec;
}

/** The hint that lifts a vhost's deletion protection. */
export const unprotectHint = (name: string) => `rmqx vhost add '${name}' --no-protect-from-deletion`;

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
    d.push(...mutable('protected from deletion', Boolean(have.protectedFromDeletion), want.protectedFromDeletion));
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
    // the protection has its own route (4.1+); a PUT of the vhost keeps it as it is
    const protect = want.protectedFromDeletion;
    if (protect !== undefined && protect !== Boolean(have?.protectedFromDeletion)) await (protect ? m.vhosts.protect(want.name) : m.vhosts.unprotect(want.name));
  },
  remove: (m, v) => m.vhosts.delete(v.name),
  verbs: { create: 'added', update: 'updated', delete: 'deleted' },
  view: VHOST_VIEW,
};
