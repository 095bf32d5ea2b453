/** rmqx config …: the resolved connection settings. */
import type { Command } from 'commander';
import { noun } from '../../cli/command.js';
import { registerConfigShow } from './show.js';

export function registerConfig(program: Command): void {
  const config = noun(program, 'config', 'connection settings: flags, environment, config file profiles');
  registerConfigShow(config);
}
