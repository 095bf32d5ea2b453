/**
 * What `plan` and `apply` share: read the file, read the broker (one GET /api/definitions and
 * the vhost list), plan, count the messages a delete or recreate would lose, print a plan.
 */
import type { Context } from '../../cli/context.js';
import { opt } from '../../cli/define.js';
import { coverageOf, planState, summaryOf, type Step } from '../../apply/plan.js';
import { actionOf, stepJson, stepLines, summaryWords, type Sign } from '../../apply/render.js';
import { DataError } from '../../errors.js';
import type { Definitions } from '../../definitions/document.js';
import { stateOf } from '../../definitions/state.js';
import type { Mgmt } from '../../mgmt/client.js';
import type { QueueSpec } from '../../kinds/queue.js';
import { queueKind } from '../../kinds/queue.js';
import { loadDefinitions } from '../definitions/source.js';

export const PLAN_OPTIONS = {
  prune: opt.flag('--prune', 'delete objects of the kinds and vhosts the file covers that it does not declare'),
  recreate: opt.flag('--recreate', 'delete and declare again what cannot change in place (a queue loses its messages)'),
} as const;

export interface Planned {
  steps: Step[];
  /** the file in words ("'broker.yaml'", "standard input") */
  where: string;
  /** the file as given ('-' for standard input) */
  file: string;
}

/** The plan for a file against the broker as it is now. */
export async function planFile(ctx: Context, file: string, o: { prune?: boolean | undefined; recreate?: boolean | undefined }): Promise<Planned> {
  const { doc, where, scope } = await loadDefinitions(ctx, file);
  const want = stateOf(doc, { side: 'want', env: ctx.env });
  const m = await ctx.mgmt();
  const [actual, vhosts] = await Promise.all([m.definitions.get(), m.vhosts.list()]);
  const have = stateOf(actual as Definitions, { side: 'have', vhostObjects: vhosts });
  let steps: Step[];
  try {
    steps = planState(want, have, coverageOf(doc, want, scope), { prune: o.prune, recreate: o.recreate, self: ctx.settings.username });
  } catch (e) {
    throw new DataError(`${where}: ${(e as Error).message}`);
  }
  await countMessages(m, steps);
  return { steps, where, file };
}

/** The messages of each queue a step would delete or recreate (one GET per such queue). */
async function countMessages(m: Mgmt, steps: Step[]): Promise<void> {
  const losing = steps.filter((s) => s.change.kind === queueKind && !s.kept && (s.change.action === 'delete' || s.change.action === 'conflict'));
  await Promise.all(
    losing.map(async (s) => {
      const q = s.change.have as QueueSpec;
      const found = await m.queues.find(q.vhost, q.name, ['name', 'messages']);
      if (typeof found?.messages === 'number') s.messages = found.messages;
    }),
  );
}

const SIGN_COLOURS: Record<Sign, 'green' | 'yellow' | 'red' | 'magenta'> = { '+': 'green', '~': 'yellow', '-': 'red', '!': 'magenta', '-/+': 'magenta' };

/** A step's head line in its sign's colour (on a terminal). */
export function headLine(ctx: Context, s: Step): string {
  return ctx.out.c[SIGN_COLOURS[actionOf(s).sign]](stepLines(s)[0] ?? '');
}

/** The deletes --prune leaves out, and why: notes on stderr. */
export function noteKept(ctx: Context, steps: readonly Step[]): void {
  for (const s of steps) if (s.kept) ctx.out.note(`not deleting ${s.change.kind.describe(s.change.have)}: ${s.kept}`);
}

/** The plan: lines on stdout (coloured on a terminal), or one JSON document. Kept deletes as notes. */
export async function printPlan(ctx: Context, planned: Planned): Promise<void> {
  const { steps, where, file } = planned;
  const summary = summaryOf(steps);
  const shown = steps.filter((s) => s.change.action !== 'unchanged' && !s.kept);
  noteKept(ctx, steps);
  if (ctx.out.json) {
    await ctx.out.write(JSON.stringify({ file, changes: shown.map(stepJson), summary, changed: shown.length > 0 }) + '\n');
    return;
  }
  if (!shown.length) {
    ctx.out.note(`no changes: the broker matches ${where} (${summary.unchanged} objects)`);
    return;
  }
  const lines = shown.flatMap((s) => [headLine(ctx, s), ...stepLines(s).slice(1)]);
  await ctx.out.write(`${lines.join('\n')}\n\n${summaryWords(summary)}\n`);
}
