import { InvalidArgumentError, Option, type Command } from 'commander';
import { run, verb } from '../../cli/command.js';
import { nonEmpty, positiveInt } from '../../cli/parsers.js';
import { UsageError } from '../../errors.js';
import { ApiError } from '../../mgmt/errors.js';
import type { Queue } from '../../mgmt/types.js';
import type { View } from '../../render/view.js';
import { QUEUE_LIST_VIEW } from './views.js';

export const MAX_PAGE_SIZE = 500;

function pageSize(value: string): number {
  const n = positiveInt(value);
  if (n > MAX_PAGE_SIZE) throw new InvalidArgumentError(`at most ${MAX_PAGE_SIZE} (the API's limit)`);
  return n;
}

/** A regular expression the broker will get; JavaScript's syntax is close enough to catch typos. */
function regex(value: string): string {
  nonEmpty('the pattern')(value);
  try {
    new RegExp(value);
  } catch (e) {
    throw new InvalidArgumentError(`not a valid regular expression (${(e as Error).message})`);
  }
  return value;
}

export function queueList(queue: Command): void {
  verb(queue, 'list', 'list queues, page by page (one vhost; --all-vhosts for every one)')
    .option('--all-vhosts', 'queues of every vhost (adds a vhost column)')
    .option('--name-regex <regex>', 'only queues whose name matches (filtered by the broker)', regex)
    .addOption(new Option('--page-size <n>', `queues per request (1-${MAX_PAGE_SIZE})`).argParser(pageSize).default(MAX_PAGE_SIZE).hideHelp())
    .addHelpText(
      'after',
      `
Default columns: ${QUEUE_LIST_VIEW.map((c) => c.key).join(', ')} (and vhost with --all-vhosts).
--columns picks API field names instead (dotted for nested ones: message_stats.publish).
Only the columns shown are asked of the broker; --json without --columns gives whole objects.`,
    )
    .action(
      run(async (ctx, _args, o) => {
        const vhost = o.allVhosts ? undefined : ctx.vhost;
        const view: View = o.allVhosts ? [{ key: 'vhost' }, ...QUEUE_LIST_VIEW] : QUEUE_LIST_VIEW;
        const picked = ctx.globals.columns?.length ? ctx.globals.columns : undefined;
        const columns = picked ?? (ctx.out.json ? undefined : view.map((c) => c.key));
        const api = (await ctx.mgmt()).queues;
        const pages = api.pages(vhost, { pageSize: o.pageSize, name: o.nameRegex, useRegex: o.nameRegex !== undefined, columns });
        await ctx.out.listPages(regexRefusal(pages, o.nameRegex), view);
      }),
    );
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
