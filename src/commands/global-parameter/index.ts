import { defineNoun } from '../../cli/define.js';
import { globalParameterClear } from './clear.js';
import { globalParameterList } from './list.js';
import { globalParameterSet } from './set.js';
import { globalParameterShow } from './show.js';

export const globalParameterNoun = defineNoun({
  name: 'global-parameter',
  alias: 'global-parameters',
  summary: 'parameters of the whole cluster (cluster_name, cluster_tags, …)',
  verbs: [globalParameterSet, globalParameterClear, globalParameterList, globalParameterShow],
});
