import type { Command } from 'commander';

// placeholder until the user commands land
export function registerUser(_program: Command): void {}
