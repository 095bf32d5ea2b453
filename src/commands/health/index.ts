import { defineNoun } from '../../cli/define.js';
import { healthCheck } from './check.js';

export const healthNoun = defineNoun({ name: 'health', summary: "the broker's health checks", verbs: [healthCheck] });
