import type { Command } from 'commander';

// placeholder until the cluster commands land
export function registerCluster(_program: Command): void {}
