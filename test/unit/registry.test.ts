/**
 * The registry (src/commands/index.ts) keeps, per family, the first words that load it, so a
 * run loads only the family it names. Those words are checked against what the family's
 * declarations mount: a noun's name and alias, a top-level verb's name. They cannot drift.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { FAMILIES } from '../../src/commands/index.js';

test('every family loads under exactly the first words its declarations mount', async () => {
  const seen = new Set<string>();
  for (const family of FAMILIES) {
    const program = new Command('rmqx');
    (await family.register())(program);
    const words = program.commands.flatMap((c) => [c.name(), ...c.aliases()]).sort();
    assert.deepEqual([...family.names].sort(), words, `family ${family.names[0]}`);
    for (const w of words) {
      assert.ok(!seen.has(w), `'${w}' is claimed by two families`);
      seen.add(w);
    }
  }
});
