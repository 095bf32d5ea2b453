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
