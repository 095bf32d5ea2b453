/** Every noun and top-level verb, in the order --help lists them. */
import type { Command } from 'commander';
import { registerVhost } from './vhost/index.js';

export function registerAll(program: Command): void {
  registerVhost(program);
}
