import type { Http } from '../http.js';
import { path, query } from '../path.js';
import { t, find } from './common.js';
import type { Json, Page, Queue } from '../types.js';

export interface QueuePageQuery {
  page: number;
  pageSize: number;
  name?: string;
  useRegex?: boolean;
  columns?: string[];
}

/** What a declare compares against: the broker reports `type` (classic when declared without one). */
export const DECLARE_COLUMNS: readonly string[] = ['name', 'vhost', 'type', 'durable', 'auto_delete', 'exclusive', 'arguments'];

export class QueuesApi {
  constructor(private readonly http: Http) {}
  /** GET /api/queues[/{vhost}]?page=&page_size=&name=&use_regex=&columns= : one page, filtered by the server */
  page(vhost: string | undefined, q: QueuePageQuery): Promise<Page<Queue>> {
    const p = (vhost === undefined ? path('queues') : path('queues', vhost)) +
      query({
        page: q.page,
        page_size: q.pageSize,
        name: q.name,
        use_regex: q.useRegex || undefined,
        columns: q.columns?.join(','),
      });
    return this.http.get(p, vhost === undefined ? t('list', 'queues') : t('list queues in', 'vhost', vhost));
  }
  /** Every page in turn, so a broker with tens of thousands of queues never needs one giant answer. */
  async *pages(vhost: string | undefined, q: Omit<QueuePageQuery, 'page'>): AsyncGenerator<Queue[]> {
    for (let page = 1; ; page++) {
      const answer = await this.page(vhost, { ...q, page });
      yield answer.items;
      if (page >= answer.page_count) return;
    }
  }
  /** GET /api/queues/{vhost}/{name} */
  get(vhost: string, name: string): Promise<Queue> {
    return this.http.get(path('queues', vhost, name), t('show', 'queue', name, vhost));
  }
  /**
   * GET /api/queues/{vhost}/{name}?columns=… : undefined when the queue does not exist. The
   * default columns are what a declare compares; purge asks for the message count too.
   */
  find(vhost: string, name: string, columns: readonly string[] = DECLARE_COLUMNS): Promise<Queue | undefined> {
    return find(this.http, path('queues', vhost, name) + query({ columns: columns.join(',') }), t('show', 'queue', name, vhost));
  }
  /** PUT /api/queues/{vhost}/{name}: {durable, auto_delete, arguments} */
  async put(vhost: string, name: string, body: Json): Promise<void> {
    await this.http.request('PUT', path('queues', vhost, name), body, t('declare', 'queue', name, vhost));
  }
  /** DELETE /api/queues/{vhost}/{name}[?if-empty=true&if-unused=true] */
  async delete(vhost: string, name: string, opts: { ifEmpty?: boolean; ifUnused?: boolean } = {}): Promise<void> {
    const q = query({ 'if-empty': opts.ifEmpty || undefined, 'if-unused': opts.ifUnused || undefined });
    await this.http.request('DELETE', path('queues', vhost, name) + q, undefined, t('delete', 'queue', name, vhost));
  }
  /**
   * DELETE /api/queues/{vhost}/{name}/contents. Answers 204 with no body and no count. This
   * route offers no JSON representation: with `Accept: application/json` alone the broker
   * (3.10) answers 406 Not Acceptable; the transport accepts anything (http.ts).
   */
  async purge(vhost: string, name: string): Promise<void> {
    await this.http.request('DELETE', path('queues', vhost, name, 'contents'), undefined, t('purge', 'queue', name, vhost));
  }
}
