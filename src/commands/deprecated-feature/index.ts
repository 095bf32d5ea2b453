import { defineNoun } from '../../cli/define.js';
import { deprecatedFeatureList } from './list.js';

export const deprecatedFeatureNoun = defineNoun({
  name: 'deprecated-feature',
  alias: 'deprecated-features',
  summary: 'deprecated features of the broker, and which are in use (RabbitMQ 3.13+)',
  verbs: [deprecatedFeatureList],
});
