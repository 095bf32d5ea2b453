import type { Command } from 'commander';
import { registerPublish } from './publish.js';
import { registerGet } from './get.js';
import { registerConsume } from './consume.js';
import { registerTap } from './tap.js';
import { registerRpc } from './rpc.js';

export function registerMessages(program: Command): void {
  registerPublish(program);
  registerGet(program);
  registerConsume(program);
  registerTap(program);
  registerRpc(program);
}
