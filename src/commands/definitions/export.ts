import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { arg, defineCommand, opt } from '../../cli/define.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { SECTIONS, type Definitions, type Obj } from '../../definitions/document.js';
import { tagList } from '../../kinds/tags.js';
import { vhostQueueType } from '../../kinds/vhost.js';
import type { Vhost } from '../../mgmt/types.js';
import { stripDefaults } from '../../definitions/defaults.js';
import { loadYaml } from '../../definitions/yaml.js';
import { ALL_VHOSTS } from '../scope.js';
import { explicitVhost } from './source.js';

/** How many objects of each section a document holds: "queues: 3, users: 1". */
export function countWords(doc: Definitions): string {
  const parts = SECTIONS.filter((s) => doc[s]?.length).map((s) => `${s}: ${doc[s]?.length}`);
  return parts.length ? parts.join(', ') : 'no objects';
}

/**
 * RabbitMQ 3.x's GET /api/definitions leaves out each vhost's description, tags and default
 * queue type (its rabbitmqctl export_definitions has them, as metadata): put them back from
 * /api/vhosts, in the shape both import, so an export imported elsewhere keeps them.
 */
export function withMetadata(exported: readonly Obj[], vhosts: readonly Vhost[]): Obj[] {
  const byName = new Map(vhosts.map((v) => [v.name, v]));
  return exported.map((e) => {
    const v = byName.get(String(e.name));
    if (e.metadata !== undefined || !v) return e;
    const metadata: Obj = { description: v.description ?? '', tags: tagList(v.tags) };
    const type = vhostQueueType(v);
    if (type !== undefined) metadata.default_queue_type = type;
    return { ...e, metadata };
  });
}

export const definitionsExport = defineCommand({
  name: 'export',
  summary: "the broker's definitions (its own format: rabbitmqctl, the management UI and rmqx apply read it) to FILE or stdout",
  args: { file: arg.optional('file', "where to write ('-' or none: standard output); .yaml/.yml writes YAML") },
  options: {
    ...ALL_VHOSTS,
    withoutUsers: opt.flag('--without-users', 'leave out users (and their limits)'),
    withoutPermissions: opt.flag('--without-permissions', 'leave out permissions and topic permissions'),
    stripDefaults: opt.flag('--strip-defaults', "leave out values equal to the broker's defaults (durable: true, arguments: {} …) and its own global parameters"),
  },
  help: `
Without -V, the whole broker (what \`rabbitmqctl export_definitions\` writes); with -V, one
vhost's objects in the broker's one-vhost format (no users or permissions), which
\`rmqx apply -V VHOST\` and \`rmqx definitions import -V VHOST\` read. --all-vhosts overrides a
vhost set by RMQX_VHOST or a profile.

RabbitMQ 3.x's API leaves each vhost's description, tags and default queue type out of its
export; rmqx puts them back (as metadata, as rabbitmqctl export_definitions writes them).

The file holds the users' password hashes (and any password in a shovel's or upstream's URI):
rmqx writes it with mode 600. A --strip-defaults file reads like what a person declared; rmqx
apply and rmqx definitions import fill the defaults back in (rabbitmqctl import_definitions
needs the full form).

  rmqx definitions export broker.json
  rmqx definitions export -V shop --strip-defaults shop.yaml
  rmqx definitions export --without-users | jq '.queues | length'`,
  async run(ctx, { file }, o) {
    const vhost = o.allVhosts ? undefined : explicitVhost(ctx);
    const m = await ctx.mgmt();
    let doc = (await m.definitions.get(vhost)) as Definitions;
    if (doc.vhosts?.some((v) => v.metadata === undefined)) doc = { ...doc, vhosts: withMetadata(doc.vhosts, await m.vhosts.list()) };
    if (o.withoutUsers) {
      if (vhost !== undefined) throw new UsageError('--without-users: a one-vhost export (-V) has no users');
      delete doc.users;
    }
    if (o.withoutPermissions) {
      delete doc.permissions;
      delete doc.topic_permissions;
    }
    if (o.stripDefaults) doc = stripDefaults(doc);
    const yaml = file !== undefined && /\.ya?ml$/i.test(file);
    const text = yaml ? (await loadYaml()).stringify(doc, { schema: 'core', lineWidth: 0 }) : `${JSON.stringify(doc, null, 2)}\n`;
    const what = `${vhost === undefined ? 'definitions' : `definitions of vhost '${vhost}'`} (${countWords(doc)})`;
    if (file === undefined || file === '-') {
      await ctx.out.write(text);
      ctx.out.note(`exported ${what}`);
      return;
    }
    const target = ctx.path(file);
    // unique enough with 'wx' below (which refuses an existing file); node:crypto would cost 3-5 ms to load
    const tmp = `${target}.${process.pid}.${Date.now().toString(36)}.tmp`;
    try {
      // a new file: the umask can only take bits away from 600
      writeFileSync(tmp, text, { mode: 0o600, flag: 'wx' });
      renameSync(tmp, target);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw new NotFoundError(`export definitions: cannot write '${file}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    ctx.out.note(`exported ${what} to ${file}`);
  },
});
