import type { Command } from 'commander';

// placeholder until the queue commands land
export function registerQueue(_program: Command): void {}
