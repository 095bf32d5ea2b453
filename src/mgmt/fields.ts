/**
 * The fields the management API reports for each kind of object (the union of what RabbitMQ
 * 3.10 and 4.3 return, read from real brokers), so `--columns` can tell a typo from a field:
 * a name neither here nor in any row the broker returned is exit 64 listing these.
 */

export const QUEUE_FIELDS: readonly string[] = [
  'arguments', 'auto_delete', 'backing_queue_status', 'consumer_capacity', 'consumer_utilisation',
  'consumers', 'delayed_retry', 'delivery_limit', 'durable', 'effective_policy_definition',
  'exclusive', 'exclusive_consumer_pid', 'exclusive_consumer_tag', 'garbage_collection',
  'head_message_timestamp', 'idle_since', 'internal', 'internal_owner', 'leader', 'members',
  'memory', 'message_bytes', 'message_bytes_dlx', 'message_bytes_paged_out',
  'message_bytes_persistent', 'message_bytes_ram', 'message_bytes_ready',
  'message_bytes_unacknowledged', 'message_stats', 'messages', 'messages_active_priorities',
  'messages_by_priority', 'messages_delayed', 'messages_details', 'messages_dlx',
  'messages_paged_out', 'messages_persistent', 'messages_ram', 'messages_ready',
  'messages_ready_details', 'messages_ready_ram', 'messages_ready_returned',
  'messages_unacknowledged', 'messages_unacknowledged_details', 'messages_unacknowledged_ram',
  'name', 'node', 'online', 'open_files', 'operator_policy', 'policy', 'publishers',
  'recoverable_slaves', 'reductions', 'reductions_details', 'single_active_consumer_tag',
  'slave_nodes', 'state', 'storage_version', 'synchronised_slave_nodes', 'type', 'vhost',
];
export const EXCHANGE_FIELDS: readonly string[] = [
  'arguments', 'auto_delete', 'durable', 'internal', 'message_stats', 'name', 'policy', 'type',
  'user_who_performed_action', 'vhost',
];
export const VHOST_FIELDS: readonly string[] = [
  'cluster_state', 'default_queue_type', 'description', 'message_stats', 'messages',
  'messages_details', 'messages_ready', 'messages_ready_details', 'messages_unacknowledged',
  'messages_unacknowledged_details', 'metadata', 'name', 'protected_from_deletion', 'recv_oct',
  'recv_oct_details', 'send_oct', 'send_oct_details', 'tags', 'tracing',
];
export const USER_FIELDS: readonly string[] = [
  'hashing_algorithm', 'limits', 'name', 'password_hash', 'tags',
];
export const PERMISSION_FIELDS: readonly string[] = [
  'configure', 'read', 'user', 'vhost', 'write',
];
export const TOPIC_PERMISSION_FIELDS: readonly string[] = [
  'exchange', 'read', 'user', 'vhost', 'write',
];
export const BINDING_FIELDS: readonly string[] = [
  'arguments', 'destination', 'destination_type', 'properties_key', 'routing_key', 'source',
  'vhost',
];
export const CONNECTION_FIELDS: readonly string[] = [
  'auth_mechanism', 'channel_max', 'channels', 'client_properties', 'connected_at', 'frame_max',
  'garbage_collection', 'host', 'message_stats', 'name', 'node', 'peer_cert_issuer',
  'peer_cert_serial_number', 'peer_cert_subject', 'peer_cert_validity', 'peer_host', 'peer_port',
  'port', 'protocol', 'recv_cnt', 'recv_oct', 'recv_oct_details', 'reductions',
  'reductions_details', 'send_cnt', 'send_oct', 'send_oct_details', 'send_pend', 'ssl',
  'ssl_cipher', 'ssl_hash', 'ssl_key_exchange', 'ssl_protocol', 'state', 'timeout', 'type', 'user',
  'user_who_performed_action', 'vhost',
];
export const CHANNEL_FIELDS: readonly string[] = [
  'acks_uncommitted', 'cached_segments', 'confirm', 'connection_details', 'consumer_count',
  'garbage_collection', 'global_prefetch_count', 'idle_since', 'message_stats',
  'messages_unacknowledged', 'messages_uncommitted', 'messages_unconfirmed', 'name', 'node',
  'number', 'pending_raft_commands', 'prefetch_count', 'reductions', 'reductions_details', 'state',
  'transactional', 'user', 'user_who_performed_action', 'vhost',
];
export const CONSUMER_FIELDS: readonly string[] = [
  'ack_required', 'active', 'activity_status', 'arguments', 'channel_details', 'consumer_tag',
  'consumer_timeout', 'exclusive', 'prefetch_count', 'queue',
];
export const NODE_FIELDS: readonly string[] = [
  'applications', 'auth_mechanisms', 'being_drained', 'channel_closed', 'channel_closed_details',
  'channel_created', 'channel_created_details', 'cluster_links', 'config_files',
  'connection_closed', 'connection_closed_details', 'connection_created',
  'connection_created_details', 'context_switches', 'context_switches_details', 'contexts',
  'crypto_lib_version', 'db_dir', 'disk_free', 'disk_free_alarm', 'disk_free_details',
  'disk_free_limit', 'enabled_plugins', 'erlang_full_version', 'erlang_version', 'exchange_types',
  'fd_total', 'fd_used', 'fd_used_details', 'gc_bytes_reclaimed', 'gc_bytes_reclaimed_details',
  'gc_num', 'gc_num_details', 'io_read_avg_time', 'io_read_avg_time_details', 'io_read_bytes',
  'io_read_bytes_details', 'io_read_count', 'io_read_count_details', 'io_reopen_count',
  'io_reopen_count_details', 'io_seek_avg_time', 'io_seek_avg_time_details', 'io_seek_count',
  'io_seek_count_details', 'io_sync_avg_time', 'io_sync_avg_time_details', 'io_sync_count',
  'io_sync_count_details', 'io_write_avg_time', 'io_write_avg_time_details', 'io_write_bytes',
  'io_write_bytes_details', 'io_write_count', 'io_write_count_details', 'log_files', 'mem_alarm',
  'mem_calculation_strategy', 'mem_limit', 'mem_used', 'mem_used_details',
  'metrics_gc_queue_length', 'mnesia_disk_tx_count', 'mnesia_disk_tx_count_details',
  'mnesia_ram_tx_count', 'mnesia_ram_tx_count_details', 'msg_store_read_count',
  'msg_store_read_count_details', 'msg_store_write_count', 'msg_store_write_count_details', 'name',
  'net_ticktime', 'os_pid', 'partitions', 'proc_total', 'proc_used', 'proc_used_details',
  'processors', 'queue_created', 'queue_created_details', 'queue_declared',
  'queue_declared_details', 'queue_deleted', 'queue_deleted_details', 'queue_index_read_count',
  'queue_index_read_count_details', 'queue_index_write_count', 'queue_index_write_count_details',
  'ra_open_file_metrics', 'rabbitmq_version', 'rates_mode', 'run_queue', 'running',
  'sockets_total', 'sockets_used', 'sockets_used_details', 'type', 'uptime',
];

export const POLICY_FIELDS: readonly string[] = ['vhost', 'name', 'pattern', 'apply-to', 'definition', 'priority'];
