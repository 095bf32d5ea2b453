/**
 * The kind contract (test/helpers/kind-contract.ts) against the real broker: rmqx as a child
 * process; each case in its own fresh vhost with unique names, set up and checked through the
 * API directly (api()), never through rmqx.
 */
import { before, test } from 'node:test';
import { KIND_CASES, runKindContract } from '../helpers/kind-contract.js';
import { api, requireBroker, rmqx } from '../helpers/cli.js';

before(() => requireBroker());

for (const c of KIND_CASES) {
  test(`${c.kind}: the kind contract against the broker`, (t) => runKindContract(t, c, (argv) => rmqx(argv), { api }));
}
