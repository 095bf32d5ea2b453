/**
 * Health checks under real resource alarms. A memory or disk alarm blocks every publisher of
 * the node, so this file starts a private node of its own (scripts/broker.mjs, the tier
 * scripts/test.mjs chose) instead of the shared test broker, raises the alarms there with
 * rabbitmqctl (memory: a watermark of almost nothing; disk: a free-space limit no disk has),
 * checks what `health check` says, lifts them and sees the checks pass again.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBroker, type Broker, type Tier } from '../../scripts/broker.mjs';
import { rmqx, until } from '../helpers/cli.js';

const TIER = (process.env.RMQX_TEST_BROKER ?? 'system') as Tier;
let broker: Broker;

before(async () => {
  broker = await startBroker({ tier: TIER, log: (line) => process.stderr.write(`[broker] ${line}\n`) });
});
after(async () => {
  await broker?.stop();
});

/** rabbitmqctl ARGS against the private node (its cookie and epmd port, through the tier's root). */
function ctl(args: string[]): void {
  const r = broker.ctl(args, { timeoutMs: 60_000 });
  assert.equal(r.status, 0, `rabbitmqctl ${args.join(' ')}: ${r.stdout}${r.stderr}`);
}

/** rmqx ARGS against the private node. */
const here = (args: string[]) => rmqx(args, { env: { RMQX_URL: broker.url, RMQX_AMQP_URL: broker.amqpUrl } });

/** The check's answer once its exit code is `code` (the node notices an alarm within seconds). */
async function once(args: string[], code: number) {
  return until(async () => {
    const r = await here(args);
    return r.code === code ? r : undefined;
  }, `${args.join(' ')} to exit ${code}`, 60_000);
}

type Row = { check: string; status: string; reason?: string; alarms?: Array<{ node: string; resource: string }> };

async function healthy(): Promise<void> {
  for (const check of ['alarms', 'local-alarms']) {
    const r = await once(['health', 'check', check, '--json'], 0);
    assert.deepEqual(JSON.parse(r.stdout), { check, status: 'ok' });
  }
  const all = await once(['health', 'check', 'all', '--json'], 0);
  const rows = JSON.parse(all.stdout) as Row[];
  assert.deepEqual(rows.filter((x) => x.status !== 'ok'), []);
  assert.ok(rows.some((x) => x.check === 'alarms'), all.stdout);
}

/** Under an alarm of `resource` (memory, disk): alarms and local-alarms are 1 naming it, health check all shows it. */
async function alarmed(resource: string): Promise<void> {
  for (const check of ['alarms', 'local-alarms']) {
    const r = await once(['health', 'check', check], 1);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.filter((l) => l.startsWith('rmqx: ')).length, 1, r.stderr);
    // the broker's reason, then the alarm it names in its answer, with the node
    assert.equal(lines[0], `rmqx: health check ${check}: failed: There are alarms in effect ${check === 'alarms' ? 'in the cluster' : 'on the node'}: ${resource} on ${broker.nodename}`);
    const json = await once(['health', 'check', check, '--json'], 1);
    assert.deepEqual(JSON.parse(json.stdout), { check, status: 'failed', reason: `There are alarms in effect ${check === 'alarms' ? 'in the cluster' : 'on the node'}`, alarms: [{ node: broker.nodename, resource }] });
  }
  const all = await once(['health', 'check', 'all', '--json'], 1);
  const rows = JSON.parse(all.stdout) as Row[];
  for (const check of ['alarms', 'local-alarms']) {
    const row = rows.find((x) => x.check === check);
    assert.equal(row?.status, 'failed', all.stdout);
    assert.deepEqual(row?.alarms, [{ node: broker.nodename, resource }]);
  }
  assert.deepEqual(rows.filter((x) => x.status !== 'ok').map((x) => x.check), ['alarms', 'local-alarms'], 'only the alarm checks fail');
  assert.match(all.stderr, /health check all: \d+ of \d+ failed: (.*, )?alarms, local-alarms/);
  const table = await once(['health', 'check', 'all'], 1);
  assert.match(table.stdout, new RegExp(`^alarms\\tfailed\\tThere are alarms in effect in the cluster: ${resource} on ${broker.nodename}$`, 'm'));
}

test('health check under a real memory alarm: alarms, local-alarms 1 naming it, all shows it; lifted, 0 again', async () => {
  await healthy();
  ctl(['set_vm_memory_high_watermark', '0.000001']);
  try {
    await alarmed('memory');
  } finally {
    ctl(['set_vm_memory_high_watermark', '0.4']);
  }
  await healthy();
});

test('health check under a real disk alarm: the same for disk; lifted, 0 again', async () => {
  ctl(['set_disk_free_limit', '1000000GB']);
  try {
    await alarmed('disk space');
  } finally {
    ctl(['set_disk_free_limit', '50MB']);
  }
  await healthy();
});
