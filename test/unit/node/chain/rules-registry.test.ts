// The rules registry: a proposed problem loaded from its data pack in a real object store (and again after a
// restart), a fault for content that fails its checks, and no verdict (unknown-rules) while the content is not at
// hand, until it arrives from the network.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Block } from '../../../../src/chain/block.js';
import { activeRules, activeRulesRecord, pendingRecord } from '../../../../src/chain/governance/active.js';
import { proposalRecord } from '../../../../src/chain/governance/proposals.js';
import type { State } from '../../../../src/chain/state.js';
import { proposalIdOf } from '../../../../src/chain/tx-payload.js';
import type { ProposeProblemPayload } from '../../../../src/chain/tx/propose-problem/payload.js';
import { toHex } from '../../../../src/codec/hex.js';
import { genesisBlock, genesisState } from '../../../../src/consensus/genesis.js';
import { UnknownRulesError } from '../../../../src/consensus/rules.js';
import { packDataset } from '../../../../src/io/data/export.js';
import { RulesRegistry } from '../../../../src/node/chain/rules-registry.js';
import { ObjectStore } from '../../../../src/node/models/object-store.js';
import { alice } from '../../../helpers/chain/fixtures.js';
import { tinyConfig, tinyRules } from '../../consensus/pouw-fixtures.js';
import { govTx, problemPayload, SUPPORT, writeFlatDataSet } from './governance-fixtures.js';

const config = tinyConfig();
const rules = tinyRules(config);
const AT = 6;
let dir: string;
let pack: Uint8Array;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coinai-registry-'));
  pack = packDataset(await writeFlatDataSet(join(dir, 'flat')));
});
after(() => rm(dir, { recursive: true, force: true }));

/** The state the block at AT executes on: `payload` proposed at block 1, selected, pending activation at AT. */
function pendingState(payload: ProposeProblemPayload): {
  state: State;
  blockAt: (h: number) => Promise<Block | undefined>;
} {
  const id = proposalIdOf(payload);
  const state = genesisState(config).update([
    proposalRecord(id, {
      kind: 'problem',
      proposer: alice.address,
      deposit: payload.deposit,
      created: 1,
      status: 'selected',
      support: SUPPORT,
      rulesId: id,
    }),
    pendingRecord('problem', { proposal: id, rulesId: id, at: AT }),
  ]);
  const block: Block = { header: genesisBlock(config).header, txs: [govTx(alice, 0, payload)] };
  return { state, blockAt: async (h) => (h === 1 ? block : undefined) };
}

/** `state` with its problem switched to `id` (what the end of block AT does on a pass). */
function activated(state: State, id: Uint8Array): State {
  return state.update([activeRulesRecord({ ...activeRules(state), problemId: id, problemSince: AT })]);
}

const isUnknown = (err: unknown) => err instanceof UnknownRulesError && err.code === 'unknown-rules';

describe('rules registry', () => {
  test('a proposed problem is built from its data pack in the object store, and loaded again after a restart', async () => {
    const objects = new ObjectStore(join(dir, 'objects-pass'));
    await objects.put(pack);
    const payload = problemPayload(pack);
    const id = proposalIdOf(payload);
    const { state, blockAt } = pendingState(payload);
    const options = { objects, dir: join(dir, 'rules-pass') };
    const registry = new RulesRegistry(config.params, rules, options);
    assert.throws(() => registry.rulesFor(activated(state, id)), isUnknown);
    // A block before the activation's height needs no content.
    assert.equal((await registry.verdicts(state, AT - 1, blockAt)).size, 0);
    const verdicts = await registry.verdicts(state, AT, blockAt);
    assert.deepEqual([...verdicts], [[toHex(id), undefined]]);
    const after = registry.rulesFor(activated(state, id));
    assert.equal(toHex(after.problemId), toHex(id));
    assert.equal(toHex(after.grammarId), toHex(rules.grammarId));
    assert.equal(after.validation.count, 200);
    assert.equal(registry.dataset(id)?.train.count, 256);
    assert.equal(registry.rulesFor(activated(state, id)), after, 'the combination is built once');
    const restarted = await RulesRegistry.open(config.params, rules, options);
    assert.equal(restarted.rulesFor(activated(state, id)).validation.count, 200);
  });

  test('content that fails its checks is a fault, and its rules are not loaded', async () => {
    const objects = new ObjectStore(join(dir, 'objects-fault'));
    await objects.put(pack);
    const payload = problemPayload(pack, { classes: 3 }); // the manifest says 2
    const id = proposalIdOf(payload);
    const { state, blockAt } = pendingState(payload);
    const registry = new RulesRegistry(config.params, rules, { objects });
    const fault = (await registry.verdicts(state, AT, blockAt)).get(toHex(id));
    assert.match(fault ?? '', /class/);
    assert.throws(() => registry.rulesFor(activated(state, id)), isUnknown);
  });

  test('content not at hand is no verdict (unknown-rules) until it arrives from the network', async () => {
    const objects = new ObjectStore(join(dir, 'objects-fetch'));
    const payload = problemPayload(pack);
    const id = proposalIdOf(payload);
    const { state, blockAt } = pendingState(payload);
    const registry = new RulesRegistry(config.params, rules, { objects });
    await assert.rejects(registry.verdicts(state, AT, blockAt), isUnknown);
    let serve: () => void = () => undefined;
    const served = new Promise<void>((resolve) => (serve = resolve));
    const asked: string[] = [];
    registry.setSource(async (root, size) => {
      asked.push(`${toHex(root)}:${size}`);
      await served;
      return pack;
    });
    const arrived = new Promise<void>((resolve) => registry.onContent(resolve));
    await assert.rejects(registry.verdicts(state, AT, blockAt), isUnknown);
    await assert.rejects(registry.verdicts(state, AT, blockAt), isUnknown);
    assert.deepEqual(asked, [`${toHex(payload.dataRoot)}:${pack.length}`], 'one fetch at a time per object');
    serve();
    await arrived;
    assert.ok(objects.has(payload.dataRoot), 'fetched content is kept in the object store');
    assert.deepEqual([...(await registry.verdicts(state, AT, blockAt))], [[toHex(id), undefined]]);
  });

  test("prefetch asks for a pending activation's content, and for the content a block's proposals name", async () => {
    const asked: string[] = [];
    const source = async (root: Uint8Array) => void asked.push(toHex(root));
    const payload = problemPayload(pack);
    const { state, blockAt } = pendingState(payload);
    const pending = new RulesRegistry(config.params, rules, { objects: new ObjectStore(join(dir, 'objects-p1')) });
    pending.setSource(source);
    pending.prefetch(state, blockAt);
    const proposing = new RulesRegistry(config.params, rules, { objects: new ObjectStore(join(dir, 'objects-p2')) });
    proposing.setSource(source);
    proposing.prefetch(genesisState(config), blockAt, await blockAt(1));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(asked, [toHex(payload.dataRoot), toHex(payload.dataRoot)]);
  });
});
