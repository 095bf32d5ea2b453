/**
 * Every noun and top-level verb, in the order --help lists them, each loaded on demand: a run
 * builds only the part of the command tree its first word names (all of it for help, an
 * unknown word, or completion), so start-up does not pay for sixty commands it will not run.
 */
import type { Command } from 'commander';
import { mount, mountNoun, type CommandDef, type NounDef } from '../cli/define.js';

/** A family of one noun declared as data (src/cli/define.ts). */
const noun = (load: () => Promise<NounDef>) => async () => {
  const def = await load();
  return (program: Command) => void mountNoun(program, def);
};

/** A family of top-level verbs declared as data. */
const verbs = (load: () => Promise<readonly CommandDef<any, any>[]>) => async () => {
  const defs = await load();
  return (program: Command) => {
    for (const d of defs) mount(program, d);
  };
};

export interface Family {
  /** the first words that select this family: nouns, their plurals, top-level verbs */
  names: readonly string[];
  register(): Promise<(program: Command) => void>;
}

export const FAMILIES: readonly Family[] = [
  { names: ['vhost', 'vhosts'], register: noun(async () => (await import('./vhost/index.js')).vhostNoun) },
  { names: ['user', 'users'], register: noun(async () => (await import('./user/index.js')).userNoun) },
  { names: ['permission', 'permissions'], register: noun(async () => (await import('./permission/index.js')).permissionNoun) },
  {
    names: ['topic-permission', 'topic-permissions'],
    register: noun(async () => (await import('./topic-permission/index.js')).topicPermissionNoun),
  },
  { names: ['parameter', 'parameters'], register: noun(async () => (await import('./parameter/index.js')).parameterNoun) },
  {
    names: ['global-parameter', 'global-parameters'],
    register: noun(async () => (await import('./global-parameter/index.js')).globalParameterNoun),
  },
  { names: ['exchange', 'exchanges'], register: noun(async () => (await import('./exchange/index.js')).exchangeNoun) },
  {
    // `purge` is `queue purge`
    names: ['queue', 'queues', 'purge'],
    register: async () => {
      const { queueNoun, rootPurge } = await import('./queue/index.js');
      return (program) => {
        mountNoun(program, queueNoun);
        // `rmqx purge QUEUE` = `rmqx queue purge QUEUE` (the root's hook gives it the global options)
        mount(program, rootPurge);
      };
    },
  },
  { names: ['policy', 'policies'], register: noun(async () => (await import('./policy/index.js')).policyNoun) },
  {
    names: ['operator-policy', 'operator-policies'],
    register: noun(async () => (await import('./operator-policy/index.js')).operatorPolicyNoun),
  },
  { names: ['shovel', 'shovels'], register: noun(async () => (await import('./shovel/index.js')).shovelNoun) },
  { names: ['federation'], register: noun(async () => (await import('./federation/index.js')).federationNoun) },
  { names: ['feature-flag', 'feature-flags'], register: noun(async () => (await import('./feature-flag/index.js')).featureFlagNoun) },
  {
    names: ['deprecated-feature', 'deprecated-features'],
    register: noun(async () => (await import('./deprecated-feature/index.js')).deprecatedFeatureNoun),
  },
  { names: ['definitions'], register: noun(async () => (await import('./definitions/index.js')).definitionsNoun) },
  { names: ['plan', 'apply'], register: verbs(async () => (await import('./apply/index.js')).applyVerbs) },
  { names: ['binding', 'bindings'], register: noun(async () => (await import('./binding/index.js')).bindingNoun) },
  { names: ['publish', 'get', 'consume', 'tap', 'rpc'], register: verbs(async () => (await import('./message/index.js')).messageVerbs) },
  {
    names: ['overview', 'node', 'nodes', 'connection', 'connections', 'channel', 'channels', 'consumer', 'consumers'],
    // `node` through cluster/node.ts's registerNode
    register: async () => {
      const [{ overview, connectionNoun, channelNoun, consumerNoun }, { registerNode }] = await Promise.all([import('./cluster/index.js'), import('./cluster/node.js')]);
      return (program) => {
        mount(program, overview);
        registerNode(program);
        for (const n of [connectionNoun, channelNoun, consumerNoun]) mountNoun(program, n);
      };
    },
  },
  { names: ['health'], register: noun(async () => (await import('./health/index.js')).healthNoun) },
  { names: ['wait'], register: noun(async () => (await import('./wait/index.js')).waitNoun) },
  { names: ['route'], register: verbs(async () => [(await import('./route/index.js')).routeCommand]) },
  { names: ['config'], register: noun(async () => (await import('./config/index.js')).configNoun) },
  { names: ['completion'], register: verbs(async () => [(await import('./completion/index.js')).completion]) },
];
