import { defineNoun } from '../../cli/define.js';
import { bindingList } from './list.js';

/** `binding list`; bindings are made and removed by `queue bind|unbind` and `exchange bind|unbind`. */
export const bindingNoun = defineNoun({ name: 'binding', alias: 'bindings', summary: 'bindings (make them with queue bind / exchange bind)', verbs: [bindingList] });
