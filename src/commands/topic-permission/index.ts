import type { Command } from 'commander';

// placeholder until the topic-permission commands land
export function registerTopicPermission(_program: Command): void {}
