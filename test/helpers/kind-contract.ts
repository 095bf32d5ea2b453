/**
 * One contract for every kind of broker object, written once as data and run on both test
 * tiers: against the real broker (test/integration/kinds-contract.test.ts, rmqx as a child
 * process) and in process against the stateful API stub (test/unit/kinds-contract.test.ts).
 *
 * The contract (shared/CLI.md, "Exit codes" and "Idempotency"), for each kind:
 *   create             absent → exit 2 with --detailed-exitcode; --json outcome changed:true
 *                      with the API's field names (kind, name, vhost …)
 *   same               the same again → exit 0 even with --detailed-exitcode, changed:false,
 *                      the object as it was, and no write request (where the tier sees requests)
 *   mutable change     → exit 2, changed:true, `updated` names the fields; the same again is a no-op
 *   immutable change   → exit 65, stderr names the field, nothing written, the object unchanged
 *   remove             → exit 0, changed:true, the object gone
 *   remove again       → exit 66
 *   … --if-exists      → exit 0 even with --detailed-exitcode, changed:false
 *
 * A tier gives `run(argv)` and a setup adapter (the API itself, never rmqx); the runner makes a
 * fresh vhost and unique names for each case, creates what the case needs first through the
 * API, checks every step, and removes what it made.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { unique } from './cli.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** rmqx ARGV on this tier (the runner adds -V, --json and --detailed-exitcode itself). */
export type Run = (argv: string[]) => Promise<RunResult>;

export interface ApiAnswer {
  status: number;
  body: any;
}

/** What the runner needs of a tier besides running rmqx. */
export interface ContractSetup {
  /** the management API directly (never through rmqx): setup, checks and cleanup */
  api(method: string, path: string, body?: unknown): Promise<ApiAnswer>;
  /**
   * Every request the API received, in order, when the tier can see them (the stub): the
   * runner takes those made while rmqx ran to check that a no-op wrote nothing.
   */
  requests?: ReadonlyArray<{ method: string; path: string }>;
}

/** A request made through the API before the case runs. */
export interface ApiCall {
  method: 'PUT' | 'POST';
  path: string;
  body: unknown;
}

/** How to read the object through the API: 404, or `pick` answering undefined, is "absent". */
export interface Probe {
  path: string;
  /** the fields that matter, from the API's document (no statistics that move by themselves) */
  pick(body: any): Record<string, unknown> | undefined;
}

export interface MutableStep {
  argv: string[];
  /** the outcome's `updated`, in order */
  updated: string[];
  /** fields of the probe after the step (a subset) */
  state?: Record<string, unknown>;
  /** probe fields the step must change */
  differs?: string[];
  /** probe fields the step must leave as they were */
  keeps?: string[];
}

export interface ImmutableStep {
  argv: string[];
  /** the field stderr must name */
  field: string;
}

/** The steps whose --json outcome the runner checks. */
export type OutcomeStep = 'create' | 'same' | 'mutable' | 'remove' | 'remove --if-exists';

/**
 * An rmqx defect the contract found and reported, not yet fixed: that outcome field is still
 * checked in those steps, as a TODO subtest (reported, not failing the run; it passes once fixed).
 * Every other check of the step stays strict.
 */
export interface KnownDefect {
  field: string;
  steps: OutcomeStep[];
  why: string;
}

export interface CaseSteps {
  setup: ApiCall[];
  /** paths DELETEd afterwards, whatever happened (objects outside the case's vhost) */
  cleanup: string[];
  /** fields every --json outcome about the object carries, with these values */
  identity: Record<string, unknown>;
  probe: Probe;
  create: string[];
  /** kinds without mutable fields: none */
  mutable: MutableStep[];
  /** kinds without immutable fields: none */
  immutable: ImmutableStep[];
  remove: string[];
  defects?: KnownDefect[];
}

/** What a case is built from: its own vhost, unique names, and files (new passwords). */
export interface CaseNames {
  vhost: string;
  unique(prefix: string): string;
  /** a file (mode 0600) holding text, removed after the case */
  file(text: string): string;
}

export interface KindCase {
  kind: string;
  build(n: CaseNames): CaseSteps;
}

/** /api/a/b/c with every segment percent-encoded, as rmqx's own path() does */
export const apiPath = (...segments: string[]) => `/api/${segments.map(encodeURIComponent).join('/')}`;

const fields = (body: any, names: string[]) => Object.fromEntries(names.map((n) => [n, body?.[n]]));

const newUser = (name: string): ApiCall => ({ method: 'PUT', path: apiPath('users', name), body: { password: unique('pw'), tags: '' } });
const newExchange = (vhost: string, name: string, type: string): ApiCall => ({ method: 'PUT', path: apiPath('exchanges', vhost, name), body: { type, durable: true, auto_delete: false, internal: false, arguments: {} } });
const newQueue = (vhost: string, name: string): ApiCall => ({ method: 'PUT', path: apiPath('queues', vhost, name), body: { durable: true, auto_delete: false, arguments: {} } });

/** The table: one case per kind. */
export const KIND_CASES: KindCase[] = [
  {
    kind: 'vhost',
    build(n) {
      const name = n.unique('kc-vhost');
      return {
        setup: [],
        cleanup: [apiPath('vhosts', name)],
        identity: { kind: 'vhost', name },
        probe: { path: apiPath('vhosts', name), pick: (b) => fields(b, ['description', 'tags']) },
        create: ['vhost', 'add', name, '--description', 'first'],
        mutable: [
          { argv: ['vhost', 'add', name, '--description', 'second'], updated: ['description'], state: { description: 'second' }, keeps: ['tags'] },
          { argv: ['vhost', 'add', name, '--tags', 'eu,prod'], updated: ['tags'], state: { tags: ['eu', 'prod'] }, keeps: ['description'] },
        ],
        immutable: [],
        remove: ['vhost', 'delete', name, '--yes'],
      };
    },
  },
  {
    kind: 'user',
    build(n) {
      const name = n.unique('kc-user');
      const first = n.file(`${unique('pw')}\n`);
      const second = n.file(`${unique('pw')}\n`);
      return {
        setup: [],
        cleanup: [apiPath('users', name)],
        identity: { kind: 'user', name },
        probe: { path: apiPath('users', name), pick: (b) => fields(b, ['tags', 'password_hash', 'hashing_algorithm']) },
        create: ['user', 'add', name, '--password-file', first],
        mutable: [
          { argv: ['user', 'add', name, '--password-file', first, '--tags', 'monitoring'], updated: ['tags'], state: { tags: ['monitoring'] }, keeps: ['password_hash'] },
          { argv: ['user', 'add', name, '--password-file', second], updated: ['password'], state: { tags: ['monitoring'] }, differs: ['password_hash'] },
        ],
        immutable: [],
        remove: ['user', 'delete', name],
      };
    },
  },
  {
    kind: 'permission',
    build(n) {
      const user = n.unique('kc-perm-user');
      return {
        setup: [newUser(user)],
        cleanup: [apiPath('users', user)],
        identity: { kind: 'permissions', vhost: n.vhost, user },
        probe: { path: apiPath('permissions', n.vhost, user), pick: (b) => fields(b, ['configure', 'write', 'read']) },
        create: ['permission', 'set', user, '.*', '.*', '.*'],
        mutable: [
          { argv: ['permission', 'set', user, '^kc\\.', '.*', '.*'], updated: ['configure'], state: { configure: '^kc\\.', write: '.*', read: '.*' } },
          { argv: ['permission', 'set', user, '^kc\\.', '', '^in\\.'], updated: ['write', 'read'], state: { configure: '^kc\\.', write: '', read: '^in\\.' } },
        ],
        immutable: [],
        remove: ['permission', 'clear', user],
      };
    },
  },
  {
    kind: 'topic permission',
    build(n) {
      const user = n.unique('kc-tp-user');
      // RabbitMQ 4.3 refuses a topic permission for an exchange that does not exist
      const exchange = n.unique('kc-tp-x');
      return {
        setup: [newUser(user), newExchange(n.vhost, exchange, 'topic')],
        cleanup: [apiPath('users', user)],
        identity: { kind: 'topic permission', vhost: n.vhost, user, exchange },
        probe: {
          path: apiPath('topic-permissions', n.vhost, user),
          pick: (b) => {
            const entry = (b as Array<{ exchange: string }>).find((e) => e.exchange === exchange);
            return entry && fields(entry, ['write', 'read']);
          },
        },
        create: ['topic-permission', 'set', user, exchange, '.*', '.*'],
        mutable: [
          { argv: ['topic-permission', 'set', user, exchange, '^out\\.', '.*'], updated: ['write'], state: { write: '^out\\.', read: '.*' } },
          { argv: ['topic-permission', 'set', user, exchange, '^out\\.', '^in\\.'], updated: ['read'], state: { write: '^out\\.', read: '^in\\.' } },
        ],
        immutable: [],
        remove: ['topic-permission', 'clear', user, '--exchange', exchange],
      };
    },
  },
  {
    kind: 'exchange',
    build(n) {
      const name = n.unique('kc-x');
      return {
        setup: [],
        cleanup: [],
        identity: { kind: 'exchange', name, vhost: n.vhost },
        probe: { path: apiPath('exchanges', n.vhost, name), pick: (b) => fields(b, ['type', 'durable', 'auto_delete', 'internal', 'arguments']) },
        create: ['exchange', 'declare', name, '--type', 'topic'],
        mutable: [],
        immutable: [{ argv: ['exchange', 'declare', name, '--type', 'fanout'], field: 'type' }],
        remove: ['exchange', 'delete', name],
      };
    },
  },
  {
    kind: 'queue',
    build(n) {
      const name = n.unique('kc-q');
      return {
        setup: [],
        cleanup: [],
        identity: { kind: 'queue', name, vhost: n.vhost },
        probe: { path: apiPath('queues', n.vhost, name), pick: (b) => fields(b, ['type', 'durable', 'auto_delete', 'arguments']) },
        create: ['queue', 'declare', name, '--arg', 'x-max-length=5'],
        mutable: [],
        immutable: [
          { argv: ['queue', 'declare', name, '--arg', 'x-max-length=10'], field: 'x-max-length' },
          { argv: ['queue', 'declare', name, '--arg', 'x-max-length=5', '--no-durable'], field: 'durable' },
        ],
        remove: ['queue', 'delete', name],
      };
    },
  },
  {
    kind: 'binding',
    build(n) {
      const exchange = n.unique('kc-b-x');
      const queue = n.unique('kc-b-q');
      return {
        setup: [newExchange(n.vhost, exchange, 'direct'), newQueue(n.vhost, queue)],
        cleanup: [],
        identity: { kind: 'binding', vhost: n.vhost, source: exchange, destination: queue, destination_type: 'queue', routing_key: 'orders', arguments: { region: 'eu' } },
        probe: {
          path: apiPath('bindings', n.vhost, 'e', exchange, 'q', queue),
          pick: (b) => {
            const found = (b as Array<{ routing_key: string; arguments: Record<string, unknown> }>).find((x) => x.routing_key === 'orders' && x.arguments?.region === 'eu');
            return found && fields(found, ['routing_key', 'arguments']);
          },
        },
        create: ['queue', 'bind', queue, exchange, '--routing-key', 'orders', '--arg', 'region=eu'],
        mutable: [],
        immutable: [],
        remove: ['queue', 'unbind', queue, exchange, '--routing-key', 'orders', '--arg', 'region=eu'],
      };
    },
  },
];

const WRITES = new Set(['PUT', 'POST', 'DELETE', 'PATCH']);

/** Run one case's contract, each step a subtest of `t`, on the tier given by `run` and `setup`. */
export async function runKindContract(t: TestContext, c: KindCase, run: Run, setup: ContractSetup): Promise<void> {
  const vhost = unique('kc');
  const dir = mkdtempSync(join(tmpdir(), 'rmqx-kind-contract-'));
  let files = 0;
  const names: CaseNames = {
    vhost,
    unique,
    file(text) {
      const p = join(dir, `f${files++}`);
      writeFileSync(p, text, { mode: 0o600 });
      return p;
    },
  };
  const steps = c.build(names);

  const must = async (method: string, path: string, body?: unknown) => {
    const r = await setup.api(method, path, body);
    assert.ok(r.status >= 200 && r.status < 300, `setup ${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  };

  /** rmqx ARGV in the case's vhost with --json; the write requests it sent, when the tier sees them */
  const rmqx = async (argv: string[], opts: { detailed?: boolean } = {}) => {
    const from = setup.requests?.length ?? 0;
    const r = await run([...argv, '-V', vhost, '--json', ...(opts.detailed ? ['--detailed-exitcode'] : [])]);
    const writes = setup.requests?.slice(from).filter((q) => WRITES.has(q.method)).map((q) => `${q.method} ${q.path}`);
    return { ...r, writes, what: `rmqx ${argv.join(' ')} → ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}` };
  };

  const read = async (): Promise<Record<string, unknown> | undefined> => {
    const r = await setup.api('GET', steps.probe.path);
    if (r.status === 404) return undefined;
    assert.equal(r.status, 200, `GET ${steps.probe.path}: ${r.status} ${JSON.stringify(r.body)}`);
    return steps.probe.pick(r.body);
  };

  /** exactly one JSON document on stdout, naming the object with the API's field names */
  const outcome = async (st: TestContext, step: OutcomeStep, r: RunResult & { what: string }, changed: boolean): Promise<Record<string, unknown>> => {
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(r.stdout);
    } catch {
      assert.fail(`stdout is not one JSON document\n${r.what}`);
    }
    assert.equal(o.changed, changed, `changed\n${r.what}`);
    const deferred: Array<[KnownDefect, string, unknown]> = [];
    for (const [k, v] of Object.entries(steps.identity)) {
      const defect = steps.defects?.find((d) => d.field === k && d.steps.includes(step));
      if (defect) deferred.push([defect, k, v]);
      else assert.deepEqual(o[k], v, `outcome field '${k}'\n${r.what}`);
    }
    for (const [defect, k, v] of deferred) {
      await st.test(`outcome field '${k}' is ${JSON.stringify(v)}`, { todo: defect.why }, () => assert.deepEqual(o[k], v, `outcome field '${k}'\n${r.what}`));
    }
    return o;
  };

  const noWrites = (r: { writes?: string[]; what: string }) => {
    if (r.writes) assert.deepEqual(r.writes, [], `no write request expected\n${r.what}`);
  };
  /** removing what is missing: a DELETE answered 404 is how rmqx may find out, but nothing is PUT or POSTed */
  const noCreates = (r: { writes?: string[]; what: string }) => noWrites({ ...r, writes: r.writes?.filter((w) => !w.startsWith('DELETE ')) });

  try {
    await must('PUT', apiPath('vhosts', vhost), {});
    await must('PUT', apiPath('permissions', vhost, 'guest'), { configure: '.*', write: '.*', read: '.*' });
    for (const call of steps.setup) await must(call.method, call.path, call.body);
    assert.equal(await read(), undefined, `${c.kind} exists before the case created it`);

    await t.test('create: absent → exit 2 with --detailed-exitcode, changed:true', async (st) => {
      const r = await rmqx(steps.create, { detailed: true });
      assert.equal(r.code, 2, r.what);
      const o = await outcome(st, 'create', r, true);
      assert.equal(o.updated, undefined, `a create updates nothing\n${r.what}`);
      assert.notEqual(await read(), undefined, `the API does not show the ${c.kind} after the create`);
    });

    const same = async (st: TestContext, argv: string[]) => {
      const before = await read();
      const r = await rmqx(argv, { detailed: true });
      assert.equal(r.code, 0, r.what);
      await outcome(st, 'same', r, false);
      noWrites(r);
      assert.deepEqual(await read(), before, `the ${c.kind} changed on a no-op`);
    };

    await t.test('same again → exit 0 even with --detailed-exitcode, changed:false, nothing written', (st) => same(st, steps.create));

    for (const m of steps.mutable) {
      await t.test(`mutable change (${m.updated.join(', ')}) → exit 2, changed:true, updated names it; the same again is a no-op`, async (st) => {
        const before = await read();
        const r = await rmqx(m.argv, { detailed: true });
        assert.equal(r.code, 2, r.what);
        const o = await outcome(st, 'mutable', r, true);
        assert.deepEqual(o.updated, m.updated, `updated\n${r.what}`);
        const after = await read();
        assert.ok(after, `the ${c.kind} is gone after an update`);
        for (const [k, v] of Object.entries(m.state ?? {})) assert.deepEqual(after[k], v, `field '${k}' after the update\n${r.what}`);
        for (const k of m.differs ?? []) assert.notDeepEqual(after[k], before?.[k], `field '${k}' should have changed\n${r.what}`);
        for (const k of m.keeps ?? []) assert.deepEqual(after[k], before?.[k], `field '${k}' should have been kept\n${r.what}`);
        await same(st, m.argv);
      });
    }

    for (const i of steps.immutable) {
      await t.test(`immutable change (${i.field}) → exit 65 naming it, nothing written, the ${c.kind} unchanged`, async () => {
        const before = await read();
        const r = await rmqx(i.argv, { detailed: true });
        assert.equal(r.code, 65, r.what);
        assert.equal(r.stdout, '', `no outcome on stdout for a refused change\n${r.what}`);
        const escaped = i.field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        assert.match(r.stderr, new RegExp(`(^|[^\\w-])${escaped}([^\\w-]|$)`), `stderr names '${i.field}'\n${r.what}`);
        noWrites(r);
        assert.deepEqual(await read(), before, `the ${c.kind} changed after a refused change`);
      });
    }

    await t.test('remove → exit 0, changed:true, gone', async (st) => {
      const r = await rmqx(steps.remove);
      assert.equal(r.code, 0, r.what);
      await outcome(st, 'remove', r, true);
      assert.equal(await read(), undefined, `the API still shows the ${c.kind} after the remove`);
    });

    await t.test('remove again → exit 66', async () => {
      const r = await rmqx(steps.remove);
      assert.equal(r.code, 66, r.what);
      assert.equal(r.stdout, '', `no outcome on stdout for a missing object\n${r.what}`);
      noCreates(r);
    });

    await t.test('remove again with --if-exists → exit 0 even with --detailed-exitcode, changed:false', async (st) => {
      const r = await rmqx([...steps.remove, '--if-exists'], { detailed: true });
      assert.equal(r.code, 0, r.what);
      await outcome(st, 'remove --if-exists', r, false);
      noCreates(r);
    });
  } finally {
    for (const path of [...steps.cleanup, apiPath('vhosts', vhost)]) await setup.api('DELETE', path).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}
