// The miner's share of the cores beside a verifying node: every core but the verification threads by default, and
// while a block is evaluated, the cores verification needs beyond those the miner leaves spare given back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultMinerCores, yieldingCores } from '../../../../src/node/miner/cores.js';

test('by default the miner trains on the cores the verification threads leave, at least one', () => {
  assert.equal(defaultMinerCores(1, 8), 7);
  assert.equal(defaultMinerCores(1, 2), 1);
  assert.equal(defaultMinerCores(4, 2), 1);
});

test('while verifying, the miner gives back the cores verification needs beyond its spare ones', () => {
  const cases: [cores: number, verifyThreads: number, machine: number, whileVerifying: number][] = [
    [8, 1, 8, 7], // every core: one goes to the evaluation thread
    [8, 3, 8, 5],
    [7, 1, 8, 7], // the default: the spare core is verification's already
    [6, 3, 8, 5],
    [1, 1, 1, 1], // never below one thread
    [2, 4, 2, 1],
  ];
  for (const [cores, verifyThreads, machine, whileVerifying] of cases) {
    const { limit, verifying } = yieldingCores(cores, verifyThreads, machine);
    assert.equal(limit.threads, cores);
    verifying(true);
    assert.equal(limit.threads, whileVerifying, `${cores} cores, ${verifyThreads} verifying, ${machine} in all`);
    verifying(false);
    assert.equal(limit.threads, cores);
  }
});
