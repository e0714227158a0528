// The chain manager across activations (docs/PROTOCOL.md 7.1): a chain where a second problem activates at the
// end of block 6 and a grammar upgrade at the end of block 10 imports block by block, each judged by its parent
// state's rules; a reorganisation across the switch and back reaches the state of a straight import; the miner
// mines by the head state's rules and trains on its data set; and the attack: a peer sends the activation's block
// before this node has the proposal's content: no verdict, nothing stored or remembered, nobody blamed, and the
// block is imported once the content arrives. Blocks are trained for real (pouw-fixtures.ts), at the threshold's
// floor (100 s after their parent), so every block weighs the same and the longer branch is the heavier.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlockError } from '../../../../src/chain/errors.js';
import { activeRules } from '../../../../src/chain/governance/active.js';
import { blockHash, type BlockHeader } from '../../../../src/chain/header.js';
import type { State } from '../../../../src/chain/state.js';
import type { Transaction } from '../../../../src/chain/transaction.js';
import { proposalIdOf } from '../../../../src/chain/tx-payload.js';
import { toHex } from '../../../../src/codec/hex.js';
import { genesisBlock, genesisState } from '../../../../src/consensus/genesis.js';
import { UnknownRulesError } from '../../../../src/consensus/rules.js';
import { grammarId } from '../../../../src/grammar/id.js';
import { packDataset } from '../../../../src/io/data/export.js';
import { ChainManager } from '../../../../src/node/chain/chain-manager.js';
import { RulesRegistry } from '../../../../src/node/chain/rules-registry.js';
import { ChainStore } from '../../../../src/node/db/chain-store.js';
import { Miner } from '../../../../src/node/miner/miner.js';
import { DEFAULT_MINER_OPTIONS } from '../../../../src/node/miner/options.js';
import { ObjectStore } from '../../../../src/node/models/object-store.js';
import { blockFault } from '../../../../src/node/sync/peer-faults.js';
import { alice, miner } from '../../../helpers/chain/fixtures.js';
import {
  dataset,
  evaluate,
  fixedThreshold,
  makeBlock,
  tinyConfig,
  tinyRules,
  type MadeBlock,
} from '../../consensus/pouw-fixtures.js';
import {
  govTx,
  grammarPayload,
  problemPayload,
  supportOf,
  UPGRADE_TEXT,
  writeFlatDataSet,
} from './governance-fixtures.js';

const config = tinyConfig();
const rules = tinyRules(config);
const T = config.timestamp;
const genesis = genesisBlock(config).header;
let dir: string;
let pack: Uint8Array;
const grammarFile = new TextEncoder().encode(UPGRADE_TEXT);
let problemId: Uint8Array;
/** The main chain A (heights 1..15, both activations) and a rival B from genesis (1..14, no governance). */
let chainA: MadeBlock[];
let chainB: MadeBlock[];

/** `count` blocks on genesis, each trained by the rules its parent's state names, with `txs` at their heights. */
async function build(
  registry: RulesRegistry,
  count: number,
  txs: ReadonlyMap<number, Transaction[]>,
  nonceBase: bigint,
): Promise<MadeBlock[]> {
  const blocks: MadeBlock[] = [];
  let parent: BlockHeader = genesis;
  let state: State = genesisState(config);
  for (let h = 1; h <= count; h++) {
    const activations = await registry.verdicts(state, h, async (x) => blocks[x - 1]?.block);
    const made = await makeBlock(registry.rulesFor(state), parent, state, {
      timestamp: T + 100 * h,
      nonce: nonceBase + BigInt(h),
      txs: txs.get(h) ?? [],
      epochs: 1,
      activations,
    });
    blocks.push(made);
    parent = made.block.header;
    state = made.state;
  }
  return blocks;
}

/** A registry whose object store holds the proposals' content (as the proposer's node, or one that fetched it). */
async function registryWithContent(name: string): Promise<RulesRegistry> {
  const objects = new ObjectStore(join(dir, `${name}-objects`));
  await objects.put(pack);
  await objects.put(grammarFile);
  return new RulesRegistry(config.params, rules, { objects, dataset });
}

async function manager(name: string, registry: RulesRegistry): Promise<ChainManager> {
  const store = await ChainStore.create(join(dir, name), config);
  const models = new ObjectStore(join(dir, `${name}-models`));
  return new ChainManager(store, models, rules, evaluate, undefined, {}, undefined, registry);
}

async function submit(m: ChainManager, made: MadeBlock) {
  await m.models.put(made.file);
  return m.submit(made.block, made.block.header.timestamp);
}

const hashOf = (made: MadeBlock) => toHex(blockHash(made.block.header));
const headOf = (m: ChainManager) => toHex(blockHash(m.head));

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coinai-rules-switch-'));
  pack = packDataset(await writeFlatDataSet(join(dir, 'flat')));
  // A floor above the genesis problem's: blocks on it weigh more (fork choice must take each block's own rules).
  const problem = problemPayload(pack, { threshold: { ...fixedThreshold, floorBp: 1200 } });
  const grammar = grammarPayload(grammarFile);
  problemId = proposalIdOf(problem);
  // Proposed and the problem supported at 1 (decided at 4, active after 6); the grammar supported at 5 (counted at
  // the decision of 8, active after 10).
  const txs = new Map([
    [1, [govTx(alice, 0, problem), govTx(alice, 1, supportOf(problem)), govTx(alice, 2, grammar)]],
    [5, [govTx(alice, 3, supportOf(grammar))]],
  ]);
  chainA = await build(await registryWithContent('builder'), 15, txs, 0n);
  chainB = await build(await registryWithContent('rival'), 14, new Map(), 1000n);
});
after(() => rm(dir, { recursive: true, force: true }));

describe('rules by height in the chain manager', () => {
  test('a chain across a problem activation and a grammar activation imports, each block by its parent state', async () => {
    assert.equal(toHex(chainA[6].block.header.problemId), toHex(problemId), 'block 7 trains the new problem');
    assert.equal(toHex(chainA[9].block.header.grammarId), toHex(rules.grammarId), 'block 10 the genesis grammar');
    assert.equal(toHex(chainA[10].block.header.grammarId), toHex(grammarId(grammarFile)), 'block 11 the upgrade');
    const m = await manager('straight', await registryWithContent('straight'));
    for (const made of chainA.slice(0, 6)) assert.equal((await submit(m, made)).status, 'head');
    // After the activation, a block made by the genesis rules is refused for the problem it names.
    const stale = await makeBlock(rules, chainA[5].block.header, chainA[5].state, { timestamp: T + 700, epochs: 1 });
    await assert.rejects(submit(m, stale), (e: unknown) => e instanceof BlockError && e.code === 'wrong-problem');
    for (const made of chainA.slice(6, 12)) assert.equal((await submit(m, made)).status, 'head');
    assert.equal(headOf(m), hashOf(chainA[11]));
    const active = activeRules(m.store.state);
    assert.equal(toHex(active.problemId), toHex(problemId));
    assert.equal(toHex(active.grammarId), toHex(grammarId(grammarFile)));
    const head = m.headRules();
    assert.equal(toHex(head.rules.problemId), toHex(problemId));
    assert.equal(head.dataset?.validation.count, 200, "the miner's data set is the new problem's");
    await m.store.close();
  });

  test('a reorganisation across the switch and back reaches the state of a straight import', async () => {
    const m = await manager('reorg', await registryWithContent('reorg'));
    for (const made of chainA.slice(0, 12)) await submit(m, made);
    // B, without governance, weighs 1,001 a block; A's blocks on the new problem 1,201: B's 13 blocks do not
    // outweigh A's 12, its 14 do, and the head goes back across both activations.
    for (const made of chainB.slice(0, 13)) await submit(m, made);
    assert.equal(headOf(m), hashOf(chainA[11]));
    assert.equal((await submit(m, chainB[13])).status, 'head');
    assert.equal(toHex(activeRules(m.store.state).problemId), toHex(rules.problemId));
    assert.equal(toHex(m.headRules().rules.grammarId), toHex(rules.grammarId));
    // A's next block is judged on A's own state (recomputed across its activations) and outweighs B.
    assert.deepEqual(await submit(m, chainA[12]), { status: 'head', reverted: 14 });
    for (const made of chainA.slice(13)) await submit(m, made);
    assert.equal(headOf(m), hashOf(chainA[14]));
    assert.equal(toHex(m.store.state.root()), toHex(chainA[14].state.root()));
    assert.equal(toHex(m.headRules().rules.problemId), toHex(problemId));
    await m.store.close();
  });

  test('the miner mines by the head state rules: the new problem, and the activation at the end of its block', async () => {
    const m = await manager('miner', await registryWithContent('miner'));
    for (const made of chainA.slice(0, 9)) await submit(m, made);
    let now = T + 1000;
    const mined = await new Miner(m, dataset, {
      ...DEFAULT_MINER_OPTIONS,
      miner: miner.address,
      workers: 1,
      policy: 'single',
      timeBudgetSeconds: 2,
      minParams: 0,
      clock: () => (now += 100),
    }).mineBlock();
    assert.equal(mined.height, 10);
    const block = (await m.store.blockAt(10))!;
    assert.equal(toHex(block.header.problemId), toHex(problemId));
    assert.equal(block.header.score.total, 200, 'scored on the new validation split');
    assert.equal(toHex(activeRules(m.store.state).grammarId), toHex(grammarId(grammarFile)));
    await m.store.close();
  });

  test('attack: the activation block before its content: no verdict, no mark, no blame, imported once it arrives', async () => {
    const objects = new ObjectStore(join(dir, 'late-objects'));
    const registry = new RulesRegistry(config.params, rules, { objects, dataset });
    let serve: () => void = () => undefined;
    const served = new Promise<void>((resolve) => (serve = resolve));
    const content = new Map([pack, grammarFile].map((bytes) => [bytes.length, bytes]));
    registry.setSource(async (_root, size) => {
      await served; // the keepers answer later
      return content.get(size);
    });
    const m = await manager('late', registry);
    for (const made of chainA.slice(0, 5)) await submit(m, made);
    const at = chainA[5];
    for (let attempt = 0; attempt < 2; attempt++) {
      const err = await submit(m, at).then(
        () => assert.fail('judged without the content'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof UnknownRulesError, `no verdict, not ${String(err)}`);
      assert.equal(blockFault(err), undefined, 'not the sender’s fault: no ban');
      assert.equal(await m.store.meta(blockHash(at.block.header)), undefined, 'not stored, not marked invalid');
      m.refuseKnownInvalid(blockHash(at.block.header)); // not remembered as refused
    }
    assert.equal(m.awaitingRules, 1);
    const imported = new Promise<void>((resolve) => m.onHead((h) => h.height === 6 && resolve()));
    // The grammar's content was asked for when block 1 proposed it: it arrives with the problem's.
    const grammarRoot = grammarPayload(grammarFile).fileRoot;
    const fetched = new Promise<void>((resolve) => registry.onContent(() => objects.has(grammarRoot) && resolve()));
    serve();
    await imported;
    assert.equal(headOf(m), hashOf(at));
    assert.equal(m.awaitingRules, 0);
    await fetched;
    for (const made of chainA.slice(6, 11)) assert.equal((await submit(m, made)).status, 'head');
    assert.equal(toHex(activeRules(m.store.state).grammarId), toHex(grammarId(grammarFile)));
    await m.store.close();
  });
});
