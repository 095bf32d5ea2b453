/** The definitions file format and the plan's signs, in words: `plan`/`apply --help` and the man page's DEFINITIONS FILES. */
export const FILE_FORMAT_WORDS: readonly string[] = [
  "FILE is the broker's definitions format (what `rmqx definitions export`, `rabbitmqctl export_definitions` and the management UI write), as JSON or the same shape in YAML (by the name's .yaml/.yml, else by its first character); '-' reads standard input.",
  'Sections: vhosts (name, description, tags, default_queue_type or metadata, limits {max-connections, max-queues}, protected_from_deletion), users (name, tags, limits {max-connections, max-channels}, and password_hash (with hashing_algorithm) or password_env: VARIABLE, the name of an environment variable holding the password; a plain password is refused), permissions, topic_permissions, exchanges, queues (type classic, quorum or stream, arguments), bindings, policies, operator_policies, parameters (shovels, federation upstreams; vhost-limits and operator_policy components as the broker exports them) and global_parameters.',
  "With -V the file holds one vhost's objects, which may leave out their vhost (as `definitions export -V` writes them); users and global parameters are then refused. Without it every object names its vhost.",
  "Fields left out take the broker's defaults (durable true, auto_delete false, arguments {}, routing_key ''); a vhost's description, tags and default queue type left out are not compared (RabbitMQ 3.x exports leave them out). A queue without a type matches any type and takes the vhost's default when created.",
  'The broker is the only state: one read of /api/definitions and /api/vhosts. What the broker fills in by itself (x-queue-type: classic, amq.* exchanges, internal_cluster_id) is never a difference; tags compare as sets; a password compares against the stored salted hash and shows only as "password (changed)".',
];

export const PLAN_SIGN_WORDS: readonly string[] = [
  '+ create; ~ update (old → new per field); - delete (only with --prune); ! cannot change in place (a queue\'s type, durability or arguments, an exchange\'s type): --recreate deletes and declares it again, saying how many messages that loses; -/+ recreated.',
];

/** Paragraphs as --help text, wrapped at 96 columns. */
export function helpText(paragraphs: readonly string[]): string {
  return paragraphs.map((p) => wrap(p, 96)).join('\n\n');
}

function wrap(text: string, width: number): string {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out.join('\n');
}
