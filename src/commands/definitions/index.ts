import { defineNoun } from '../../cli/define.js';
import { definitionsExport } from './export.js';
import { definitionsImport } from './import.js';

export const definitionsNoun = defineNoun({
  name: 'definitions',
  summary: "the broker's objects as one file (its own definitions format): export and import",
  verbs: [definitionsExport, definitionsImport],
});
