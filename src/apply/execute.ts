/**
 * Executing a whole plan: steps in dependency order, a level at a time (everything a step
 * needs is done before it starts), the steps of one level concurrently through a bounded pool.
 * Steps that touch the same object list (a user's topic permissions in a vhost, which the API
 * removes all at once) share a lane and run one after another. The first failure stops new
 * steps from starting; the result says what was applied, what failed with the broker's reason,
 * and what was not attempted, so a re-run (which plans again from the broker) continues.
 */
import type { Mgmt } from '../mgmt/client.js';
import { ApiError } from '../mgmt/errors.js';
import { describeError } from '../errors.js';
import { maskCredentials } from '../kinds/parameter.js';
import { topicPermissionKind, type TopicPermissionSpec } from '../kinds/permission.js';
import { depthsOf } from '../plan/plan.js';
import type { Step } from './plan.js';

export interface Failure {
  step: Step;
  /** one line, secrets masked */
  error: string;
}

export interface Execution {
  applied: Step[];
  failed: Failure[];
  notAttempted: Step[];
}

/**
 * Levels of steps that may run at the same time: creates and updates by rising depth, then
 * deletes by falling depth (a queue is deleted before its vhost).
 */
export function levels(steps: readonly Step[]): Step[][] {
  const depth = depthsOf(steps.map((s) => s.change.kind));
  const key = (s: Step) => {
    const d = depth.get(s.change.kind.name) ?? 0;
    return s.change.action === 'delete' ? 1000 - d : d;
  };
  const groups = new Map<number, Step[]>();
  for (const s of steps) {
    const k = key(s);
    groups.set(k, [...(groups.get(k) ?? []), s]);
  }
  return [...groups.keys()].sort((a, b) => a - b).map((k) => groups.get(k) as Step[]);
}

/** Steps in one lane run in order: a user's topic permissions in a vhost are removed together by the API. */
function laneOf(s: Step, i: number): string {
  const kind = s.change.kind;
  if (kind === topicPermissionKind) {
    const p = (s.change.want ?? s.change.have) as TopicPermissionSpec;
    return `tp\u0000${p.vhost}\u0000${p.user}`;
  }
  return `#${i}`;
}

/** One step against the broker. A delete of something already gone is done. */
export async function runStep(m: Mgmt, s: Step): Promise<void> {
  const { kind, action, want, have } = s.change;
  if (action === 'delete' || (action === 'conflict' && s.recreate)) {
    try {
      await kind.remove(m, have);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) throw e;
    }
    if (action === 'delete') return;
  }
  await kind.write(m, want, action === 'update' ? have : undefined);
}

export interface ExecuteOptions {
  /** at most this many requests at once */
  parallelism: number;
  /** told about each step when it is done (applied or failed) */
  onDone?(step: Step, error?: string): void;
}

export async function execute(m: Mgmt, steps: readonly Step[], opts: ExecuteOptions): Promise<Execution> {
  const result: Execution = { applied: [], failed: [], notAttempted: [] };
  const pending = levels(steps);
  while (pending.length) {
    const level = pending.shift() as Step[];
    if (result.failed.length) {
      result.notAttempted.push(...level);
      continue;
    }
    const lanes = new Map<string, Step[]>();
    level.forEach((s, i) => {
      const lane = laneOf(s, i);
      lanes.set(lane, [...(lanes.get(lane) ?? []), s]);
    });
    const queue = [...lanes.values()];
    const worker = async () => {
      for (let lane = queue.shift(); lane; lane = queue.shift()) {
        for (const s of lane) {
          if (result.failed.length) {
            result.notAttempted.push(s);
            continue;
          }
          try {
            await runStep(m, s);
            result.applied.push(s);
            opts.onDone?.(s);
          } catch (e) {
            const error = maskCredentials(describeError(e).line);
            result.failed.push({ step: s, error });
            opts.onDone?.(s, error);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.parallelism, queue.length)) }, worker));
  }
  return result;
}
