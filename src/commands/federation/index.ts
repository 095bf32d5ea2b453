import { defineNoun } from '../../cli/define.js';
import { linkList } from './link-list.js';
import { upstreamDeclare } from './upstream-declare.js';
import { upstreamDelete } from './upstream-delete.js';
import { upstreamList } from './upstream-list.js';

const upstreamNoun = defineNoun({
  name: 'upstream',
  alias: 'upstreams',
  summary: 'federation upstreams: where federated exchanges and queues take messages from',
  verbs: [upstreamDeclare, upstreamDelete, upstreamList],
});

const linkNoun = defineNoun({ name: 'link', alias: 'links', summary: 'federation links and their status', verbs: [linkList] });

export const federationNoun = defineNoun({
  name: 'federation',
  summary: 'federation: upstreams, and the links federated exchanges and queues make to them',
  verbs: [upstreamNoun, linkNoun],
});
