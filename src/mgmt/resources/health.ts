import type { Http } from '../http.js';
import { ApiError } from '../errors.js';
import { path } from '../path.js';
import { t } from './common.js';

/** A resource alarm in effect, as the alarms checks name it: memory or 'disk space', on a node. */
export interface Alarm {
  node: string;
  resource: string;
}

/**
 * A health check's verdict: the broker answers 200 {status: 'ok'} or 503 {status: 'failed',
 * reason}; the alarms checks add the alarms in effect ({alarms: [{node, resource}]}).
 */
export type HealthVerdict = { status: 'ok'; reason?: string } | { status: 'failed'; reason: string; alarms?: Alarm[] };

/** The alarms of a failed alarms / local-alarms answer, when it names any. */
function alarmsOf(body: unknown): Alarm[] | undefined {
  const list = (body as { alarms?: unknown } | undefined)?.alarms;
  if (!Array.isArray(list)) return undefined;
  return list
    .filter((a): a is Record<string, unknown> => typeof a === 'object' && a !== null)
    .map((a) => ({ node: String(a.node ?? ''), resource: String(a.resource ?? '') }));
}

export class HealthApi {
  constructor(private readonly http: Http) {}
  /**
   * GET /api/health/checks/{segments…}. A failed check is an answer, not an error: 503 with a
   * body that has no `error` field. Anything else that is not 2xx (404 for a check this broker
   * does not have, 400 for a bad parameter, 401/403, a 503 of another kind) throws as usual.
   */
  async check(name: string, ...segments: Array<string | number>): Promise<HealthVerdict> {
    try {
      const body = await this.http.get<{ status?: string; reason?: unknown }>(path('health', 'checks', ...segments), t('run', 'health check', name));
      return { status: 'ok', ...(typeof body?.reason === 'string' ? { reason: body.reason } : {}) };
    } catch (e) {
      if (e instanceof ApiError && e.status === 503 && e.error === '' && e.reason !== '') {
        const alarms = alarmsOf(e.body);
        return { status: 'failed', reason: e.reason, ...(alarms ? { alarms } : {}) };
      }
      throw e;
    }
  }
  /** GET /api/nodes/{node}/memory: {memory: {category: bytes, …, strategy, total: {rss, allocated, erlang}}} */
  nodeMemory(node: string): Promise<{ memory?: Record<string, unknown> }> {
    return this.http.get(path('nodes', node, 'memory'), t('read memory of', 'node', node));
  }
  /** GET /api/shovels/{vhost} (what `rmqx wait shovel` polls): 404 when the shovel management plugin is not enabled */
  shovels(vhost: string): Promise<ShovelState[]> {
    return this.http.get(path('shovels', vhost), t('list shovels in', 'vhost', vhost));
  }
}

/** One shovel's status as GET /api/shovels/{vhost} reports it (rabbitmq_shovel_management). */
export interface ShovelState {
  name: string;
  vhost: string;
  state?: string;
  reason?: unknown;
  [k: string]: unknown;
}
