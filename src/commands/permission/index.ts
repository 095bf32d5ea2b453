import type { Command } from 'commander';

// placeholder until the permission commands land
export function registerPermission(_program: Command): void {}
