/** Where `definitions import`, `plan` and `apply` read a file from, and which vhost a run is scoped to. */
import type { Context } from '../../cli/context.js';
import { UsageError } from '../../errors.js';
import { parseDefinitions, scoped, type Definitions } from '../../definitions/document.js';
import { readAll } from '../message/input.js';

/** The vhost -V (or RMQX_VHOST, or a profile) names; undefined when only the default applies. */
export function explicitVhost(ctx: Context): string | undefined {
  return ctx.settings.origins.vhost?.kind === 'default' ? undefined : ctx.vhost;
}

/** FILE, or standard input for '-' (never a terminal: that would wait for typing). */
export async function readSource(ctx: Context, file: string): Promise<string> {
  if (file === '-') {
    if (ctx.io.stdinIsTTY) throw new UsageError('reading definitions from standard input, which is a terminal', 'pipe a file in, or give its name');
    return (await readAll(ctx.io.stdin)).toString('utf8');
  }
  return ctx.readBinary(file, 'definitions file').toString('utf8');
}

/** A file (or stdin) as checked definitions, scoped to the vhost given with -V. */
export async function loadDefinitions(ctx: Context, file: string): Promise<{ doc: Definitions; where: string; scope: string | undefined }> {
  const text = await readSource(ctx, file);
  const where = file === '-' ? 'standard input' : `'${file}'`;
  const scope = explicitVhost(ctx);
  const doc = scoped(await parseDefinitions(text, { source: file }), where, scope);
  return { doc, where, scope };
}

