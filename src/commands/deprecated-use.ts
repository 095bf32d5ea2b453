/**
 * Deprecated features a request uses. RabbitMQ 4.x still permits some (transient non-exclusive
 * queues) and logs a warning nobody reads; a later release removes them. After a write that may
 * use one, rmqx asks the broker which deprecated features are in use and warns for each of the
 * request's that is: on stderr, and in `--json` as the outcome's `warnings`. A feature the
 * broker denies fails the request itself; src/errors.ts names it and the setting that permits it.
 */
import type { Context } from '../cli/context.js';
import type { DeprecatedFeature } from '../mgmt/resources/deprecated.js';

export interface DeprecationWarning {
  deprecated_feature: string;
  deprecation_phase: string;
  doc_url?: string;
  message: string;
}

const PHASE_WORDS: Record<string, string> = {
  permitted_by_default: 'permitted by default for now',
  denied_by_default: 'denied by default, permitted by this broker\'s configuration',
  disconnected: 'disconnected',
  removed: 'removed',
};

/** Warnings for those of `features` (deprecated feature names) that the broker reports in use. */
export async function deprecationWarnings(ctx: Context, subject: string, features: readonly string[]): Promise<DeprecationWarning[]> {
  if (features.length === 0) return [];
  const mgmt = await ctx.mgmt();
  let used: DeprecatedFeature[];
  try {
    if (!(await mgmt.capabilities()).has('deprecatedFeatures')) return [];
    used = await mgmt.deprecatedFeatures.used();
  } catch (e) {
    // the request itself succeeded: a check that cannot be made is no reason to fail it
    ctx.out.verbose(`could not ask which deprecated features are in use: ${(e as Error).message}`);
    return [];
  }
  const out: DeprecationWarning[] = [];
  for (const f of used) {
    if (!features.includes(f.name)) continue;
    const phase = PHASE_WORDS[f.deprecation_phase] ?? f.deprecation_phase;
    const message = `${subject} uses the deprecated feature '${f.name}' (${phase}); a later RabbitMQ removes it${f.doc_url ? `: ${f.doc_url}` : ''}`;
    ctx.out.warn(message);
    out.push({ deprecated_feature: f.name, deprecation_phase: f.deprecation_phase, ...(f.doc_url ? { doc_url: f.doc_url } : {}), message });
  }
  return out;
}
