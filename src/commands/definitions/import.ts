import { arg, defineCommand } from '../../cli/define.js';
import { DataError } from '../../errors.js';
import { ApiError, refusalWords } from '../../mgmt/errors.js';
import { fillDefaults } from '../../definitions/defaults.js';
import type { Definitions, Obj } from '../../definitions/document.js';
import { maskCredentials } from '../../kinds/parameter.js';
import { countWords } from './export.js';
import { loadDefinitions } from './source.js';

/** password_env → the password itself, read here (the broker's import takes `password`). */
function withPasswords(doc: Definitions, env: Record<string, string | undefined>, where: string): Definitions {
  if (!doc.users) return doc;
  return {
    ...doc,
    users: doc.users.map((u: Obj) => {
      if (typeof u.password_env !== 'string') return u;
      const { password_env: variable, ...rest } = u;
      const pw = env[variable as string];
      if (pw === undefined || pw === '') throw new DataError(`${where}: user '${String(u.name)}': its password comes from environment variable ${String(variable)}, which is not set`);
      return { ...rest, password: pw };
    }),
  };
}

export const definitionsImport = defineCommand({
  name: 'import',
  summary: "load a definitions file (JSON or YAML, or '-' for stdin) with the broker's own import",
  args: { file: arg.required('file', "the file ('-': standard input)") },
  help: `
The broker's own import, all at once: it adds and updates, never deletes, and replaces the
passwords of the users in the file. The file is checked first: one that is not definitions is
exit 65 naming the first wrong object, and nothing is sent. With -V the file is one vhost's
objects (as \`definitions export -V\` writes it) and goes into that vhost. Users may give
'password_env: VARIABLE' instead of a hash. To see and apply only the differences, and to
delete what the file no longer declares, use \`rmqx plan\` and \`rmqx apply\`.

  rmqx definitions import broker.json
  rmqx definitions export -V shop | rmqx definitions import - -V shop-copy`,
  async run(ctx, { file }) {
    const { doc, where, scope } = await loadDefinitions(ctx, file);
    const body = withPasswords(fillDefaults(doc), ctx.env, where);
    const m = await ctx.mgmt();
    try {
      await m.definitions.import(body, scope);
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) throw new DataError(`import ${where}: ${maskCredentials(refusalWords(e.reason))}`);
      throw e;
    }
    await ctx.report({ action: 'imported', kind: 'definitions', ...(scope !== undefined ? { vhost: scope } : {}), changed: true, note: `imported ${where} (${countWords(doc)})${scope !== undefined ? ` into vhost '${scope}'` : ''}` });
  },
});
