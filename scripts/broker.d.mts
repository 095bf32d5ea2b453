// Types of scripts/broker.mjs for the TypeScript tests that start their own nodes.
export type Tier = 'system' | 'newest';

export interface StartOptions {
  log?: (line: string) => void;
  readyTimeoutMs?: number;
  keepDir?: boolean;
  persistent?: boolean;
  handleSignals?: boolean;
  tier?: Tier;
  /** plugin names for RABBITMQ_ENABLED_PLUGINS (default: rabbitmq_management) */
  plugins?: string[];
  /** TLS listeners for AMQP and the management API besides the plain ones */
  tls?: TlsOptions;
}

export interface TlsOptions {
  /** the directory holding the CA, the server certificate and its key (copied into the node's dir) */
  dir: string;
  /** file names in dir: ca.pem, server.pem, server.key by default */
  cacert?: string;
  cert?: string;
  key?: string;
  /** refuse a peer without a certificate (default false: verified only when it sends one) */
  failIfNoPeerCert?: boolean;
  /** rabbitmq_auth_mechanism_ssl: EXTERNAL offered, the user is the certificate's CN */
  certLogin?: boolean;
}

export interface ClusterNode {
  nodename: string;
  url: string;
  amqpUrl: string;
  amqpPort: number;
  mgmtPort: number;
  dir: string;
  /** node.dir as the node sees it (inside the tier's root) */
  inner: string;
  logFile: string;
  /** with tls: the management API over https, AMQP over TLS (guest:guest), and their ports */
  tlsUrl?: string;
  amqpsUrl?: string;
  amqpsPort?: number;
  mgmtTlsPort?: number;
  /** rabbitmqctl ARGS against this node */
  ctl(args: string[], opts?: { timeoutMs?: number }): { status: number | null; stdout: string; stderr: string };
  /** SIGKILL the node; its data stays for start() */
  kill(): void;
  /** boot the node again on the same data and wait until it answers */
  start(): Promise<void>;
}

export interface Cluster {
  tier: Tier;
  root: string | null;
  version: string | undefined;
  nodes: ClusterNode[];
  urls: string[];
  amqpUrls: string[];
  stop(): Promise<void>;
}

export interface Broker extends ClusterNode {
  tier: Tier;
  root: string | null;
  version: string | undefined;
  stop(): Promise<void>;
}

export function startBroker(opts?: StartOptions): Promise<Broker>;
export function startCluster(opts?: StartOptions & { size?: number }): Promise<Cluster>;
export function ensureInstalled(opts?: { log?: (line: string) => void }): Promise<string>;
