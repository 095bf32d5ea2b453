/**
 * Read-only views of the cluster (overview, connections, channels, consumers) and connection
 * close, declared as data; the family in src/commands/index.ts mounts them, and `node` through
 * registerNode (./node.ts).
 */
import { defineNoun } from '../../cli/define.js';
import { channelList } from './channel-list.js';
import { connectionClose } from './connection-close.js';
import { connectionList } from './connection-list.js';
import { consumerList } from './consumer-list.js';

export { overview } from './overview.js';

export const connectionNoun = defineNoun({ name: 'connection', alias: 'connections', summary: 'client connections', verbs: [connectionList, connectionClose] });
export const channelNoun = defineNoun({ name: 'channel', alias: 'channels', summary: 'AMQP channels', verbs: [channelList] });
export const consumerNoun = defineNoun({ name: 'consumer', alias: 'consumers', summary: 'queue consumers', verbs: [consumerList] });
