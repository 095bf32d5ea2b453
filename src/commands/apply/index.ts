/**
 * `rmqx plan FILE` and `rmqx apply FILE`: the broker made to match a definitions file (JSON or
 * YAML), through the kinds and the plan engine the one-object commands use.
 */
import type { Context } from '../../cli/context.js';
import { arg, defineCommand, opt } from '../../cli/define.js';
import { execute } from '../../apply/execute.js';
import { summaryOf, toExecute, type Step } from '../../apply/plan.js';
import { actionOf, executionJson, fieldChange, stepLines } from '../../apply/render.js';
import { DataError, PartialError, UsageError } from '../../errors.js';
import { MAX_SOCKETS } from '../../mgmt/http.js';
import { queueKind } from '../../kinds/queue.js';
import { YES } from '../options.js';
import { PLAN_OPTIONS, headLine, noteKept, planFile, printPlan } from './common.js';
import { FILE_FORMAT_WORDS, PLAN_SIGN_WORDS, helpText } from './words.js';

const FORMAT_HELP = `\n${helpText(FILE_FORMAT_WORDS)}`;
const PLAN_SIGNS = `\n${helpText(PLAN_SIGN_WORDS)}`;

export const planCommand = defineCommand({
  name: 'plan',
  summary: 'show what apply FILE would change, changing nothing',
  args: { file: arg.required('file', "a definitions file, JSON or YAML ('-': standard input)") },
  options: { ...PLAN_OPTIONS },
  help: `${PLAN_SIGNS}
${FORMAT_HELP}

--json gives the plan as data; --detailed-exitcode: 0 nothing to change, 2 changes pending.

  rmqx plan broker.yaml
  rmqx plan broker.yaml --prune --json | jq '.changes[] | select(.action == "delete")'`,
  async run(ctx, { file }, o) {
    const planned = await planFile(ctx, file, o);
    await printPlan(ctx, planned);
    if (toExecute(planned.steps).length || planned.steps.some((s) => s.change.action === 'conflict')) ctx.changed = true;
  },
});

export const applyCommand = defineCommand({
  name: 'apply',
  summary: 'make the broker match FILE: create, update and (with --prune) delete, in dependency order',
  args: { file: arg.required('file', "a definitions file, JSON or YAML ('-': standard input)") },
  options: {
    ...PLAN_OPTIONS,
    dryRun: opt.flag('--dry-run', 'show the plan and change nothing (= rmqx plan)'),
    parallel: opt.withDefault('--parallel <n>', `requests at once (1-${MAX_SOCKETS}, default ${MAX_SOCKETS})`, parallelism, MAX_SOCKETS),
    ...YES,
  },
  help: `${PLAN_SIGNS}
${FORMAT_HELP}

Creates and updates go in dependency order (vhosts and users, then limits, permissions,
exchanges and queues, then bindings, policies and parameters), deletes in the reverse order;
independent requests run at the same time (--parallel). Deletes (--prune) and recreating a
queue that holds messages ask first on a terminal and need --yes otherwise. Objects that cannot
change in place are refused (exit 65, nothing done) unless --recreate is given.

--prune deletes only objects of the kinds the file has sections for, in the vhosts it names
(or -V's). It never deletes amq.* exchanges, the default vhost '/', a vhost protected from
deletion, the user rmqx is connected as or its permissions, or auto-delete queues.

A failure part-way is exit 3, listing what was applied, what failed (with the broker's reason)
and what was not attempted; running apply again continues from there. --detailed-exitcode: 0
nothing to do, 2 changes applied.

  rmqx apply broker.yaml --detailed-exitcode
  rmqx apply -V shop shop.json --prune --yes`,
  async run(ctx, { file }, o) {
    const planned = await planFile(ctx, file, o);
    if (o.dryRun) {
      await printPlan(ctx, planned);
      if (toExecute(planned.steps).length) ctx.changed = true;
      return;
    }
    const { steps, where } = planned;
    noteKept(ctx, steps);
    const refused = steps.filter((s) => s.change.action === 'conflict' && !s.recreate);
    if (refused.length) {
      const named = refused.slice(0, 3).map((s) => `${s.change.kind.describe(s.change.want)} (${s.change.differences.filter((d) => !d.mutable).map(fieldChange).join(', ')})`);
      throw new DataError(
        `apply ${where}: ${refused.length} object${refused.length === 1 ? '' : 's'} cannot change in place, nothing was changed: ${named.join('; ')}${refused.length > 3 ? '; …' : ''}`,
        '`rmqx plan FILE` lists them; --recreate deletes and declares them again',
      );
    }
    const todo = toExecute(steps);
    await confirmLosses(ctx, todo, o.yes);
    const sum = summaryOf(steps);
    const json = ctx.out.json;
    const m = await ctx.mgmt();
    const result = await execute(m, todo, {
      parallelism: o.parallel,
      onDone: (s, error) => {
        if (json) return;
        if (error) ctx.out.warn(`failed: ${stepLines(s)[0]}: ${error}`);
        else void ctx.out.write(`${headLine(ctx, s)}\n`);
      },
    });
    if (result.applied.length) ctx.changed = true;
    const counts = { created: 0, updated: 0, deleted: 0, recreated: 0 };
    for (const s of result.applied) {
      const w = actionOf(s).word;
      if (w === 'create') counts.created++;
      else if (w === 'update') counts.updated++;
      else if (w === 'delete') counts.deleted++;
      else if (w === 'recreate') counts.recreated++;
    }
    const done = `${counts.created} created, ${counts.updated} updated, ${counts.deleted} deleted${counts.recreated ? `, ${counts.recreated} recreated` : ''}`;
    if (json) await ctx.out.write(JSON.stringify({ file: planned.file, ...executionJson(result), summary: { ...counts, unchanged: sum.unchanged }, changed: result.applied.length > 0 }) + '\n');
    if (result.failed.length) {
      if (!json) for (const s of result.notAttempted) ctx.out.warn(`not attempted: ${stepLines(s)[0]}`);
      const first = result.failed[0] as { step: Step; error: string };
      throw new PartialError(
        `apply ${where}: ${result.applied.length} applied (${done}), ${result.failed.length} failed, ${result.notAttempted.length} not attempted; first failure: ${first.error}`,
        'fix the cause and run apply again: it plans from the broker, so it continues from here',
      );
    }
    ctx.out.note(todo.length ? `applied ${where}: ${done}; ${sum.unchanged} unchanged` : `no changes: the broker matches ${where} (${sum.unchanged} objects)`);
  },
});

function parallelism(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_SOCKETS) throw new UsageError(`--parallel '${value}': a whole number from 1 to ${MAX_SOCKETS}`);
  return n;
}

/**
 * Deletes and recreated queues ask first (--yes off a terminal): a queue's message count is as
 * of the broker's last statistics emission, so an empty-looking queue may not be empty.
 */
async function confirmLosses(ctx: Context, todo: readonly Step[], yes: boolean | undefined): Promise<void> {
  const deletes = todo.filter((s) => s.change.action === 'delete');
  const lost = todo.filter((s) => s.change.action === 'conflict' && s.change.kind === queueKind);
  if (!deletes.length && !lost.length) return;
  const messages = [...deletes, ...lost].reduce((n, s) => n + (s.messages ?? 0), 0);
  const parts: string[] = [];
  if (deletes.length) parts.push(`delete ${deletes.length} object${deletes.length === 1 ? '' : 's'}`);
  if (lost.length) parts.push(`recreate ${lost.length} queue${lost.length === 1 ? '' : 's'}`);
  await ctx.confirm(`${parts.join(' and ')}${messages ? `, losing ${messages} message${messages === 1 ? '' : 's'}` : ''}`, yes);
}

export const applyVerbs = [planCommand, applyCommand] as const;
