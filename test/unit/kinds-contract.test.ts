/**
 * The kind contract (test/helpers/kind-contract.ts) in process, against the stateful API stub
 * (test/helpers/api-stub.ts) answering as RabbitMQ 3.10 and as 4.3 do. The stub records every
 * request, so here the contract also checks that a no-op and a refused change write nothing.
 */
import { test } from 'node:test';
import { startApiStub, type StubBroker } from '../helpers/api-stub.js';
import { KIND_CASES, runKindContract } from '../helpers/kind-contract.js';
import { runInProcess } from '../helpers/memory-io.js';

for (const broker of ['3.10', '4.3'] as StubBroker[]) {
  for (const c of KIND_CASES) {
    test(`${c.kind}: the kind contract in process (API stub as RabbitMQ ${broker})`, async (t) => {
      const stub = await startApiStub({ broker });
      t.after(() => stub.close());
      await runKindContract(t, c, (argv) => runInProcess(argv, { env: { RMQX_URL: stub.url } }), { api: stub.api, requests: stub.requests });
    });
  }
}
