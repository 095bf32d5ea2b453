import type { Command } from 'commander';
import { noun } from '../../cli/command.js';
import { bindingList } from './list.js';

/** `binding list`; bindings are made and removed by `queue bind|unbind` and `exchange bind|unbind`. */
export function registerBinding(program: Command): void {
  const binding = noun(program, 'binding', 'bindings: list (make them with queue bind / exchange bind)', 'bindings');
  bindingList(binding);
}
