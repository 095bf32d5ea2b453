/** rmqx config …: the resolved connection settings. */
import { defineNoun } from '../../cli/define.js';
import { configShow } from './show.js';

export const configNoun = defineNoun({ name: 'config', summary: 'connection settings: flags, environment, config file profiles', verbs: [configShow] });
