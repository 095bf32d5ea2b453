import { defineNoun } from '../../cli/define.js';
import { featureFlagEnable } from './enable.js';
import { featureFlagEnableAll } from './enable-all.js';
import { featureFlagList } from './list.js';

export const featureFlagNoun = defineNoun({
  name: 'feature-flag',
  alias: 'feature-flags',
  summary: 'feature flags: list them, enable one or every stable one',
  verbs: [featureFlagList, featureFlagEnable, featureFlagEnableAll],
});
