// Assume-valid as the chain manager applies it, and as an attacker tries to stretch it. The chain's blocks all claim
// a perfect score their random weights do not reach, so a block that is evaluated is refused ('score-mismatch')
// and one that is accepted was not evaluated: the assumed block and its ancestors are accepted without an
// evaluation, the blocks after it are evaluated; a sibling at the height of an assumed-chain block, a block put in
// front of the assumed chain's headers and a hash on no chain skip nothing; the checks but the evaluation still run.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlockError, type BlockErrorCode } from '../../../../src/chain/errors.js';
import { blockHash, type BlockHeader } from '../../../../src/chain/header.js';
import type { State } from '../../../../src/chain/state.js';
import { AssumeValid } from '../../../../src/node/chain/assume-valid.js';
import { ChainManager } from '../../../../src/node/chain/chain-manager.js';
import { ChainStore } from '../../../../src/node/db/chain-store.js';
import { ObjectStore } from '../../../../src/node/models/object-store.js';
import {
  countingEvaluate,
  dataset,
  genesis,
  randomBlock,
  tinyConfig,
  tinyRules,
  withHeader,
  type MadeBlock,
} from '../../consensus/pouw-fixtures.js';

const config = tinyConfig();
const rules = tinyRules(config);
const g = genesis(config);
let dir: string;
let opened = 0;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coinai-assume-valid-'));
});
after(() => rm(dir, { recursive: true, force: true }));

/** A chain of `n` blocks on `parent`, each claiming a perfect score (false: random weights). */
function falseChain(parent: BlockHeader, state: State, n: number, seed = 1): MadeBlock[] {
  const out: MadeBlock[] = [];
  for (let i = 0; i < n; i++) {
    const made = randomBlock(rules, parent, state, { timestamp: parent.timestamp + 10, seed: seed + i });
    out.push(made);
    ({ header: parent } = made.block);
    state = made.state;
  }
  return out;
}

const chain = falseChain(g.header, g.state, 3);
const hashOf = (made: MadeBlock) => blockHash(made.block.header);

async function openManager(assumed: Uint8Array | undefined) {
  const name = `m${opened++}`;
  const store = await ChainStore.create(join(dir, name), config);
  const evaluate = countingEvaluate(dataset.validation);
  const logged: string[] = [];
  const assumeValid = assumed && new AssumeValid(assumed, { info: (_: unknown, msg?: string) => logged.push(msg!) });
  const manager = new ChainManager(
    store,
    new ObjectStore(join(dir, `${name}-models`)),
    rules,
    evaluate,
    undefined,
    {},
    assumeValid,
  );
  return { manager, evaluate, logged, assumeValid };
}

async function submit(m: ChainManager, made: MadeBlock) {
  await m.models.put(made.file);
  return m.submit(made.block, made.block.header.timestamp);
}

const isCode = (code: BlockErrorCode) => (e: unknown) => e instanceof BlockError && e.code === code;

describe('assume-valid', () => {
  test('the assumed block and its ancestors are accepted unevaluated, the blocks after it are evaluated', async () => {
    const { manager, evaluate, logged, assumeValid } = await openManager(hashOf(chain[1]));
    assumeValid!.noteHeaders(chain.map((m) => m.block.header));
    assumeValid!.noteHeaders(chain.map((m) => m.block.header));
    assert.equal((await submit(manager, chain[0])).status, 'head');
    assert.equal((await submit(manager, chain[1])).status, 'head');
    assert.equal(evaluate.calls, 0, 'no evaluation up to the assumed block');
    await assert.rejects(submit(manager, chain[2]), isCode('score-mismatch'));
    assert.equal(evaluate.calls, 1, 'the block after it is evaluated');
    assert.deepEqual(logged, [
      'assume-valid in effect: the blocks up to the assumed one skip the model evaluation',
      'assume-valid block reached: every later block is evaluated',
    ]);
    await manager.store.close();
  });

  test('attack: a sibling at the height of an assumed-chain block is evaluated and refused', async () => {
    const { manager, evaluate, assumeValid } = await openManager(hashOf(chain[2]));
    assumeValid!.noteHeaders(chain.map((m) => m.block.header));
    await submit(manager, chain[0]);
    // Another block on the same parent at height 2, the height of an assumed-chain block, with a false claim.
    const [sibling] = falseChain(chain[0].block.header, chain[0].state, 1, 99);
    assert.equal(sibling.block.header.height, chain[1].block.header.height);
    await assert.rejects(submit(manager, sibling), isCode('score-mismatch'));
    assert.equal(evaluate.calls, 1, 'the sibling was evaluated');
    assert.equal((await submit(manager, chain[1])).status, 'head', 'the assumed chain still is not');
    assert.equal(evaluate.calls, 1);
    await manager.store.close();
  });

  test('attack: a block put in front of the assumed chain’s headers, not its parent, is evaluated', async () => {
    const { manager, evaluate, assumeValid } = await openManager(hashOf(chain[1]));
    // The attacker's block at height 1, then the assumed chain's block 2 (whose parent is the real block 1).
    const [forged] = falseChain(g.header, g.state, 1, 77);
    assumeValid!.noteHeaders([forged.block.header, chain[1].block.header]);
    await assert.rejects(submit(manager, forged), isCode('score-mismatch'));
    assert.equal(evaluate.calls, 1);
    await manager.store.close();
  });

  test('a hash on no chain shown skips nothing', async () => {
    const { manager, evaluate, assumeValid, logged } = await openManager(new Uint8Array(32).fill(7));
    assumeValid!.noteHeaders(chain.map((m) => m.block.header));
    await assert.rejects(submit(manager, chain[0]), isCode('score-mismatch'));
    assert.equal(evaluate.calls, 1);
    assert.deepEqual(logged, []);
    await manager.store.close();
  });

  test('every check but the evaluation runs on an assumed block', async () => {
    // The user assumes a block whose state root is wrong: it is refused all the same.
    const bad = withHeader(chain[0].block, { stateRoot: new Uint8Array(32) });
    const { manager, evaluate, assumeValid } = await openManager(blockHash(bad.header));
    assumeValid!.noteHeaders([bad.header]);
    assert.ok(assumeValid!.covers(blockHash(bad.header)));
    await assert.rejects(submit(manager, { ...chain[0], block: bad }), isCode('state-root-mismatch'));
    // And its model file must be there and be the header's.
    const { manager: other, assumeValid: av } = await openManager(hashOf(chain[0]));
    av!.noteHeaders([chain[0].block.header]);
    await assert.rejects(other.submit(chain[0].block, chain[0].block.header.timestamp), isCode('model-missing'));
    assert.equal(evaluate.calls, 0);
    await manager.store.close();
    await other.store.close();
  });
});
