import type { Command } from 'commander';

// placeholder until the exchange commands land
export function registerExchange(_program: Command): void {}
