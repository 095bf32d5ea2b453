/**
 * Monotonic milliseconds, for durations and pacing. Not the global `performance`: its first use
 * loads perf_hooks (7 of Node.js's modules) into every command that times anything.
 */
export function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
