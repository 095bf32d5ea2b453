import type { Command } from 'commander';

// placeholder until the binding commands land
export function registerBinding(_program: Command): void {}
