import type { Command } from 'commander';

// placeholder until the completion commands land
export function registerCompletion(_program: Command): void {}
