import type { Command } from 'commander';

// placeholder until the config commands land
export function registerConfig(_program: Command): void {}
