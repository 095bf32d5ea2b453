import { defineNoun } from '../../cli/define.js';
import { parameterClear } from './clear.js';
import { parameterList } from './list.js';
import { parameterSet } from './set.js';
import { parameterShow } from './show.js';

export const parameterNoun = defineNoun({
  name: 'parameter',
  alias: 'parameters',
  summary: 'runtime parameters of a vhost, per component (federation-upstream, shovel, …)',
  verbs: [parameterSet, parameterClear, parameterList, parameterShow],
});
