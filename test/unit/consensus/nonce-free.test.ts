// The nonce-free mode (docs/PROTOCOL.md 5.2; the paper, section IX): the work hash is SHA3-512(parentHash ‖ txRoot ‖
// miner), so the architecture follows from the transactions, their order and the miner alone, and a header's nonce
// must be 0.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { txRoot, type Block } from '../../../src/chain/block.js';
import { BlockError } from '../../../src/chain/errors.js';
import { blockHash } from '../../../src/chain/header.js';
import { bytesEqual } from '../../../src/codec/hex.js';
import { checkHeaderAlone } from '../../../src/consensus/check-header.js';
import { deriveArchitecture } from '../../../src/consensus/derive-architecture.js';
import type { ConsensusRules } from '../../../src/consensus/rules.js';
import { verifyBlock, type BlockContext } from '../../../src/consensus/verify-block.js';
import { loadGrammar } from '../../../src/io/grammar-file.js';
import { alice, bob, miner, params, transfer } from '../../helpers/chain/fixtures.js';
import { evaluate, genesis, genesisContext, makeBlock, tinyConfig, tinyRules, withHeader } from './pouw-fixtures.js';

const config = { ...tinyConfig(), params: { ...params, nonceFree: true } };
const rules = tinyRules(config);
const g = genesis(config);
const T = g.header.timestamp;

/** The same chain under the default grammar on 28×28×1 digits, whose phenotypes are all but never equal (3.2). */
const cnnRules = (nonceFree: boolean): ConsensusRules => ({
  ...rules,
  params: { ...params, nonceFree },
  grammar: loadGrammar().grammar,
  problem: { ...rules.problem, input: { kind: 'image', h: 28, w: 28, c: 1 }, classes: 10 },
});

const a = transfer(alice, bob.address, 10n, 1n, 0);
const b = transfer(bob, alice.address, 5n, 1n, 0);
const work = (txs: Parameters<typeof txRoot>[0], nonce = 0n) => ({
  parentHash: blockHash(g.header),
  txRoot: txRoot(txs),
  miner: miner.address,
  nonce,
});

describe('nonce-free mode', () => {
  test('nonce-free mode derives from the transaction set', () => {
    const free = cnnRules(true);
    const ab = deriveArchitecture(free, work([a, b]));
    const w = work([a, b]);
    const expected = createHash('sha3-512').update(w.parentHash).update(w.txRoot).update(w.miner).digest();
    assert.ok(bytesEqual(ab.workHash, expected), 'H = SHA3-512(parentHash ‖ txRoot ‖ miner)');
    // The same transactions in another order: another H and another architecture.
    const ba = deriveArchitecture(free, work([b, a]));
    assert.ok(!bytesEqual(ab.workHash, ba.workHash));
    assert.notEqual(ab.phenotype, ba.phenotype);
    assert.notDeepEqual(ab.arch, ba.arch);
    // Another set (one of them left out) as well.
    assert.notEqual(deriveArchitecture(free, work([a])).phenotype, ab.phenotype);
    // The nonce does not enter.
    for (const nonce of [1n, 42n, (1n << 64n) - 1n])
      assert.ok(bytesEqual(deriveArchitecture(free, work([a, b], nonce)).workHash, ab.workHash));
    // On a chain with nonces it does, and the order of one set gives the same H under one nonce only.
    const nonces = cnnRules(false);
    const withNonce = (n: bigint) => deriveArchitecture(nonces, work([a, b], n)).workHash;
    assert.ok(!bytesEqual(withNonce(0n), withNonce(1n)));
    assert.ok(!bytesEqual(withNonce(0n), ab.workHash));
  });

  test('a header with a nonce is refused: the attacker grinding the nonce of a valid block', async () => {
    // 95 s after genesis the threshold has fallen to its floor: any trained model passes.
    const made = await makeBlock(rules, g.header, g.state, { timestamp: T + 95, nonce: 0n, txs: [a], seed: 7 });
    const ctx: BlockContext = genesisContext(g, made);
    await verifyBlock(rules, made.block, ctx, evaluate);
    // The nonce no longer changes the architecture, so every nonce gives the same work a new block hash (and so a
    // new evaluation order, 4.3, and a new block every node must relay and verify): the attacker grinds it for a
    // block hash of its liking, here one starting with a zero byte.
    let ground: Block = made.block;
    for (let nonce = 1n; blockHash(ground.header)[0] !== 0; nonce++) ground = withHeader(made.block, { nonce });
    assert.equal(
      deriveArchitecture(rules, ground.header).phenotype,
      deriveArchitecture(rules, made.block.header).phenotype,
    );
    const refused = (e: unknown) => e instanceof BlockError && e.code === 'nonce-not-zero';
    await assert.rejects(verifyBlock(rules, ground, ctx, evaluate), refused);
    // A syncing node checking headers alone refuses it too.
    assert.throws(() => checkHeaderAlone(rules, ground.header, ctx), refused);
  });
});
