/**
 * The one table of connection settings. It feeds the global options, the environment
 * lookup, the config-file keys, `rmqx config show`, --help and the man page.
 */

export type SettingKey =
  | 'url'
  | 'amqpUrl'
  | 'username'
  | 'password'
  | 'passwordFile'
  | 'vhost'
  | 'profile'
  | 'config'
  | 'cacert'
  | 'cert'
  | 'key'
  | 'insecure'
  | 'timeout';

export interface SettingSpec {
  key: SettingKey;
  /** commander flag spelling, e.g. "-V, --vhost <name>" */
  flags: string;
  env?: string;
  /** key in a config-file profile */
  file?: string;
  /** default shown in help; undefined = derived or none */
  default?: string;
  description: string;
  secret?: boolean;
  boolean?: boolean;
}

export const SETTINGS: readonly SettingSpec[] = [
  {
    key: 'url',
    flags: '--url <urls>',
    env: 'RMQX_URL',
    file: 'url',
    default: 'http://127.0.0.1:15672',
    description: 'management API URL; a comma-separated list is tried in order',
  },
  {
    key: 'amqpUrl',
    flags: '--amqp-url <urls>',
    env: 'RMQX_AMQP_URL',
    file: 'amqp_url',
    description: 'AMQP URL(s); default: host of the management URL, port 5672, same user and vhost',
  },
  { key: 'username', flags: '-u, --username <name>', env: 'RMQX_USERNAME', file: 'username', default: 'guest', description: 'user to authenticate as' },
  {
    key: 'password',
    flags: '-p, --password <password>',
    env: 'RMQX_PASSWORD',
    file: 'password',
    default: 'guest',
    secret: true,
    description: 'password (prefer --password-file or RMQX_PASSWORD: argv is visible to other users)',
  },
  {
    key: 'passwordFile',
    flags: '--password-file <file>',
    env: 'RMQX_PASSWORD_FILE',
    file: 'password_file',
    description: 'read the password from a file (first line)',
  },
  { key: 'vhost', flags: '-V, --vhost <vhost>', env: 'RMQX_VHOST', file: 'vhost', default: '/', description: 'virtual host' },
  { key: 'profile', flags: '--profile <name>', env: 'RMQX_PROFILE', default: 'default', description: 'profile in the config file' },
  {
    key: 'config',
    flags: '--config <file>',
    env: 'RMQX_CONFIG',
    default: '$XDG_CONFIG_HOME/rmqx/config.json',
    description: 'config file',
  },
  { key: 'cacert', flags: '--cacert <file>', env: 'RMQX_CACERT', file: 'cacert', description: 'CA certificate(s) to verify the broker with (PEM)' },
  { key: 'cert', flags: '--cert <file>', env: 'RMQX_CERT', file: 'cert', description: 'client certificate (PEM)' },
  { key: 'key', flags: '--key <file>', env: 'RMQX_KEY', file: 'key', description: 'client private key (PEM)' },
  {
    key: 'insecure',
    flags: '--insecure',
    env: 'RMQX_INSECURE',
    file: 'insecure',
    boolean: true,
    description: 'do not verify the broker certificate (https/amqps)',
  },
  { key: 'timeout', flags: '--timeout <seconds>', env: 'RMQX_TIMEOUT', file: 'timeout', default: '30', description: 'timeout for each request, in seconds' },
];

export const SETTING_BY_KEY: Readonly<Record<SettingKey, SettingSpec>> = Object.fromEntries(
  SETTINGS.map((s) => [s.key, s]),
) as Record<SettingKey, SettingSpec>;
