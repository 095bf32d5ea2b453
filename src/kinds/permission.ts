/** Permissions and topic permissions: their patterns change in place. */
import { NotFoundError } from '../errors.js';
import type { Mgmt } from '../mgmt/client.js';
import { ApiError, missingObject } from '../mgmt/errors.js';
import { withFields, type View } from '../render/view.js';
import { PERMISSION_FIELDS, TOPIC_PERMISSION_FIELDS } from '../mgmt/fields.js';
import { mutable, type Kind } from './kind.js';

/** 66 naming what is missing: the broker itself answers only 400 vhost_or_user_not_found. */
export async function requireUserAndVhost(mgmt: Mgmt, user: string, vhost: string, op: string): Promise<void> {
  const [u, v] = await Promise.all([mgmt.users.find(user), mgmt.vhosts.find(vhost)]);
  if (!u && !v) throw new NotFoundError(`${op}: user '${user}' and vhost '${vhost}' do not exist`, 'create them with `rmqx user add` and `rmqx vhost add`');
  if (!u) throw new NotFoundError(`${op}: user '${user}' does not exist`, 'create it with `rmqx user add`');
  if (!v) throw new NotFoundError(`${op}: vhost '${vhost}' does not exist`, 'create it with `rmqx vhost add`; `rmqx vhost list` shows those there are');
}

/** The broker's 400 for a user or vhost deleted between our check and the PUT. */
export function missingOnPut(e: unknown, op: string): unknown {
  if (e instanceof ApiError && e.status === 400 && /vhost_or_user_not_found/.test(e.reason)) {
    return new NotFoundError(`${op}: the user or the vhost does not exist`);
  }
  const missing = e instanceof ApiError ? missingObject(e) : undefined;
  if (missing && e instanceof ApiError) {
    const where = e.target?.vhost !== undefined ? ` in vhost '${e.target.vhost}'` : '';
    return new NotFoundError(`${op}: ${missing.kind} '${missing.name}' not found${where}`, missing.kind === 'exchange' ? 'this broker needs the exchange to exist first: `rmqx exchange declare NAME --type topic`' : undefined);
  }
  return e;
}

export const PERMISSION_VIEW: View = withFields([{ key: 'user' }, { key: 'vhost' }, { key: 'configure' }, { key: 'write' }, { key: 'read' }], PERMISSION_FIELDS);

export const TOPIC_PERMISSION_VIEW: View = withFields([{ key: 'user' }, { key: 'vhost' }, { key: 'exchange' }, { key: 'write' }, { key: 'read' }], TOPIC_PERMISSION_FIELDS);

export interface PermissionSpec {
  vhost: string;
  user: string;
  configure: string;
  write: string;
  read: string;
}

const permissionWords = (p: { user: string; vhost: string }) => `permissions of user '${p.user}' in vhost '${p.vhost}'`;

export const permissionKind: Kind<PermissionSpec> = {
  name: 'permission',
  scope: 'vhost',
  dependsOn: ['vhost', 'user'],
  identity: (p) => ({ kind: 'permission', vhost: p.vhost, user: p.user }),
  describe: permissionWords,
  async check(m, p) {
    await requireUserAndVhost(m, p.user, p.vhost, `set ${permissionWords(p)}`);
  },
  async read(m, p) {
    const found = await m.permissions.find(p.vhost, p.user);
    return found && { vhost: found.vhost, user: found.user, configure: found.configure, write: found.write, read: found.read };
  },
  async list(m, vhost) {
    return (await m.permissions.list(vhost === undefined ? {} : { vhost })).map((p) => ({ vhost: p.vhost, user: p.user, configure: p.configure, write: p.write, read: p.read }));
  },
  diff: (have, want) => [...mutable('configure', have.configure, want.configure), ...mutable('write', have.write, want.write), ...mutable('read', have.read, want.read)],
  async write(m, p) {
    try {
      await m.permissions.put(p.vhost, p.user, { configure: p.configure, write: p.write, read: p.read });
    } catch (e) {
      throw missingOnPut(e, `set ${permissionWords(p)}`);
    }
  },
  remove: (m, p) => m.permissions.delete(p.vhost, p.user),
  verbs: { create: 'set', update: 'set', delete: 'cleared' },
  view: PERMISSION_VIEW,
  outcomeKind: 'permissions',
  outcome: ({ want: p }) => (p ? { user: p.user, configure: p.configure, write: p.write, read: p.read } : {}),
};

export interface TopicPermissionSpec {
  vhost: string;
  user: string;
  exchange: string;
  write: string;
  read: string;
}

const topicWords = (p: TopicPermissionSpec) => `topic permission of user '${p.user}' for exchange '${p.exchange}' in vhost '${p.vhost}'`;

export const topicPermissionKind: Kind<TopicPermissionSpec> = {
  name: 'topic permission',
  scope: 'vhost',
  // on RabbitMQ 4.3 its exchange must exist too
  dependsOn: ['vhost', 'user', 'exchange'],
  identity: (p) => ({ kind: 'topic permission', vhost: p.vhost, user: p.user, exchange: p.exchange }),
  describe: topicWords,
  async check(m, p) {
    await requireUserAndVhost(m, p.user, p.vhost, `set ${topicWords(p)}`);
  },
  async read(m, p) {
    const found = (await m.topicPermissions.find(p.vhost, p.user)).find((t) => t.exchange === p.exchange);
    return found && { vhost: found.vhost, user: found.user, exchange: found.exchange, write: found.write, read: found.read };
  },
  async list(m, vhost) {
    return (await m.topicPermissions.list(vhost === undefined ? {} : { vhost })).map((p) => ({ vhost: p.vhost, user: p.user, exchange: p.exchange, write: p.write, read: p.read }));
  },
  diff: (have, want) => [...mutable('write', have.write, want.write), ...mutable('read', have.read, want.read)],
  async write(m, p) {
    try {
      await m.topicPermissions.put(p.vhost, p.user, { exchange: p.exchange, write: p.write, read: p.read });
    } catch (e) {
      throw missingOnPut(e, `set ${topicWords(p)}`);
    }
  },
  async remove(m, p) {
    // the API removes all of a user's topic permissions in a vhost at once: put the others back
    const others = (await m.topicPermissions.find(p.vhost, p.user)).filter((t) => t.exchange !== p.exchange);
    await m.topicPermissions.delete(p.vhost, p.user);
    for (const t of others) await m.topicPermissions.put(p.vhost, p.user, { exchange: t.exchange, write: t.write, read: t.read });
  },
  verbs: { create: 'set', update: 'set', delete: 'cleared' },
  view: TOPIC_PERMISSION_VIEW,
  outcome: ({ want: p }) => (p ? { user: p.user, exchange: p.exchange, write: p.write, read: p.read } : {}),
};
