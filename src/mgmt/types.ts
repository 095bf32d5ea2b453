/** Wire types: the management API's own field names (snake_case), only what rmqx reads. */

export type Json = Record<string, unknown>;
export type Arguments = Record<string, unknown>;

export interface Page<T> {
  items: T[];
  page: number;
  page_count: number;
  page_size: number;
  filtered_count: number;
  item_count: number;
  total_count: number;
}

export interface Vhost extends Json {
  name: string;
  description?: string;
  tags?: string[] | string;
  tracing?: boolean;
  default_queue_type?: string;
  metadata?: { description?: string; tags?: string[]; default_queue_type?: string };
}

export interface User extends Json {
  name: string;
  password_hash?: string;
  hashing_algorithm?: string;
  tags: string[] | string;
}

export interface Permission extends Json {
  user: string;
  vhost: string;
  configure: string;
  write: string;
  read: string;
}

export interface TopicPermission extends Json {
  user: string;
  vhost: string;
  exchange: string;
  write: string;
  read: string;
}

export interface Exchange extends Json {
  name: string;
  vhost: string;
  type: string;
  durable: boolean;
  auto_delete: boolean;
  internal: boolean;
  arguments: Arguments;
}

export interface Queue extends Json {
  name: string;
  vhost: string;
  type?: string;
  durable: boolean;
  auto_delete: boolean;
  exclusive?: boolean;
  arguments: Arguments;
  messages?: number;
  consumers?: number;
}

export interface Binding extends Json {
  source: string;
  vhost: string;
  destination: string;
  destination_type: 'queue' | 'exchange';
  routing_key: string;
  arguments: Arguments;
  properties_key: string;
}
