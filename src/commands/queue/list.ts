import { InvalidArgumentError } from 'commander';
import type { Context } from '../../cli/context.js';
import { defineCommand, opt } from '../../cli/define.js';
import { positiveInt, regex } from '../../cli/parsers.js';
import { UsageError } from '../../errors.js';
import { ApiError } from '../../mgmt/errors.js';
import type { ConsumerCounts } from '../../mgmt/resources/queues.js';
import type { Queue } from '../../mgmt/types.js';
import { pickColumns } from '../../render/view.js';
import { QUEUE_LIST_VIEW } from './views.js';
import { ALL_VHOSTS, listVhost, scopedView } from '../scope.js';

export const MAX_PAGE_SIZE = 500;

function parsePageSize(value: string): number {
  const n = positiveInt(value);
  if (n > MAX_PAGE_SIZE) throw new InvalidArgumentError(`at most ${MAX_PAGE_SIZE} (the API's limit)`);
  return n;
}

/**
 * Fields the broker gives without merging statistics (disable_stats=true with
 * enable_queue_totals=true). `consumers` is not among them; it is counted from /api/consumers.
 */
const STAT_FREE = new Set(['name', 'vhost', 'type', 'durable', 'auto_delete', 'exclusive', 'arguments', 'node', 'state', 'messages', 'messages_ready', 'messages_unacknowledged']);

export const queueList = defineCommand({
  name: 'list',
  summary: 'list queues (one vhost; --all-vhosts for every one)',
  options: {
    ...ALL_VHOSTS,
    nameRegex: opt.value('--name-regex <regex>', 'only queues whose name matches (filtered by the broker)', regex),
    allFields: opt.flag('--all-fields', 'with --json: whole API objects, statistics included (slow on big brokers)'),
    pageSize: opt.hidden(opt.value('--page-size <n>', `ask page by page, n queues per request (1-${MAX_PAGE_SIZE})`, parsePageSize)),
  },
  help: `
Default columns: ${pickColumns(QUEUE_LIST_VIEW, undefined).map((c) => c.key).join(', ')} (and vhost with --all-vhosts);
--json gives the same fields with the API's names. --columns picks API field names instead
(dotted for nested ones: message_stats.publish); --all-fields gives whole objects.
Only the columns shown are asked of the broker, in one request, and without per-queue
statistics when none is needed: the broker builds its whole list for every page it serves,
so one request is many times faster than pages. --name-regex asks page by page (500 a page),
as the API filters by name only then.`,
  async run(ctx, _args, { allVhosts, nameRegex, allFields, pageSize }) {
    if (allFields && ctx.globals.columns?.length) throw new UsageError('--all-fields and --columns cannot be used together');
    const vhost = listVhost(ctx, 'in-vhost', allVhosts);
    const view = scopedView(QUEUE_LIST_VIEW, vhost);
    const picked = ctx.globals.columns?.length ? ctx.globals.columns : undefined;
    const columns = allFields ? undefined : (picked ?? pickColumns(view, undefined).map((c) => c.key));
    const api = (await ctx.mgmt()).queues;
    const wanted = columns?.map((c) => c.split('.')[0] ?? c);
    const statFree = wanted !== undefined && wanted.every((c) => c === 'consumers' || STAT_FREE.has(c));
    const needConsumers = statFree && wanted.includes('consumers');
    // without statistics the broker answers at once, and a queue declared a moment ago has its
    // state (its statistics come later); consumers are then counted from /api/consumers
    const asked = needConsumers ? [...new Set([...wanted.filter((c) => c !== 'consumers'), 'name', 'vhost'])] : statFree ? wanted : columns;
    const stats = !statFree;
    // --name-regex asks page by page: the API filters by name only when paging
    const source =
      nameRegex !== undefined || pageSize !== undefined
        ? regexRefusal(api.pages(vhost, { pageSize: pageSize ?? MAX_PAGE_SIZE, name: nameRegex, useRegex: nameRegex !== undefined, columns: asked, stats }), nameRegex)
        : api.stream(vhost, { columns: asked, stats }, busyNote(ctx));
    if (!needConsumers) {
      await ctx.out.listPages(source, view);
      return;
    }
    // consumers (a short list) meanwhile; the queues are written as they arrive. A missing
    // vhost is reported by the queue listing, as without consumers.
    const counting = api.consumerCounts(vhost);
    counting.catch(() => {});
    const rows = async function* () {
      for await (const queues of source) {
        const counts = await counting;
        // only what was asked for (name and vhost were added for the join), one object per row
        yield queues.map((q) => withConsumers(q, wanted, counts));
      }
      await counting;
    };
    await ctx.out.listPages(rows(), view);
  },
});

/** On a terminal, a note while the broker builds a long list (it sends nothing until it is done). */
function busyNote(ctx: Context): ((waitedMs: number) => void) | undefined {
  if (!ctx.io.stderrIsTTY || ctx.globals.quiet) return undefined;
  return (waited) => ctx.out.note(`the broker is still building the list (${Math.round(waited / 1000)} s so far); waiting`);
}

/** The row of `q` with only `keys`, its consumers counted from /api/consumers. */
function withConsumers(q: Queue, keys: readonly string[], counts: ConsumerCounts): Queue {
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = k === 'consumers' ? (counts.get(q.vhost)?.get(q.name) ?? 0) : q[k];
  return out as Queue;
}

/** The broker answers 400 to a pattern its regex engine rejects: that is the user's input (64). */
async function* regexRefusal(pages: AsyncGenerator<Queue[]>, pattern: string | undefined): AsyncGenerator<Queue[]> {
  try {
    yield* pages;
  } catch (e) {
    if (pattern !== undefined && e instanceof ApiError && e.status === 400) {
      throw new UsageError(`--name-regex '${pattern}': the broker refused it: ${e.reason}`);
    }
    throw e;
  }
}
