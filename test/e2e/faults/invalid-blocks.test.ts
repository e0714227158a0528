// Every kind of invalid block, crafted as an attacker crafts it and gossiped from a real libp2p peer to a real node
// process: the node's log names the rejection's code and the sender is banned for it, or, for the refusals that are
// nobody's fault (relative to the node's clock or head), the node refuses or holds the block and the sender keeps a
// clean score. The table has an entry for every BlockErrorCode (checked against src/chain/errors.ts, so a new code
// without an entry fails here), plus the failures a network peer can cause outside the block rules. Each attacker is
// a fresh peer id dialling from its own 127.0.0.x address, as an attacker with many addresses would.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeBlock, type Block } from '../../../src/chain/block.js';
import type { BlockErrorCode } from '../../../src/chain/errors.js';
import { blockHash, type BlockHeader } from '../../../src/chain/header.js';
import { MAX_AMOUNT } from '../../../src/chain/params.js';
import type { State } from '../../../src/chain/state.js';
import { paramCount, paramSpecs } from '../../../src/arch/ir.js';
import { txRoot } from '../../../src/chain/block.js';
import { deriveArchitecture } from '../../../src/consensus/derive-architecture.js';
import type { Model } from '../../../src/ml/model/model.js';
import { toHex } from '../../../src/codec/hex.js';
import { servedChunks } from '../../helpers/chunks.js';
import { genesisBlock, genesisState } from '../../../src/consensus/genesis.js';
import type { ConsensusRules } from '../../../src/consensus/rules.js';
import { FAR_FUTURE_SECONDS, MAX_FUTURE_SECONDS } from '../../../src/consensus/timestamp-rules.js';
import type { NodeProcess } from '../../../src/devnet/node-process.js';
import { encodeModel } from '../../../src/ml/model/codec.js';
import { modelRoot } from '../../../src/ml/model/root.js';
import { loadRules } from '../../../src/node/chain/load-rules.js';
import { openChain } from '../../../src/node/chain/open-chain.js';
import { initDataDir } from '../../../src/node/db/datadir.js';
import { ModelServer } from '../../../src/node/models/model-server.js';
import { ObjectStore } from '../../../src/node/models/object-store.js';
import type { ChunkRequest, ModelChunk } from '../../../src/node/p2p/chunk.js';
import { Network } from '../../../src/node/p2p/network.js';
import { alice, bob, miner, testKey, transfer, type TestKey } from '../../helpers/chain/fixtures.js';
import type { Transaction } from '../../../src/chain/transaction.js';
import {
  proposalIdOf,
  type KeeperRegisterPayload,
  type ProposeGrammarPayload,
  type StorageProofPayload,
  type TxPayload,
} from '../../../src/chain/tx-payload.js';
import { signTransaction } from '../../../src/chain/tx-signing.js';
import { challengeOf } from '../../../src/chain/storage/challenge.js';
import { currentEpoch } from '../../../src/chain/storage/epoch.js';
import {
  CHUNK_BYTES,
  SEGMENTS_PER_CHUNK,
  segmentProof,
  segmentRoot,
  upperLevels,
} from '../../../src/crypto/segment-tree.js';
import { forgeBlock, forgeValidBlock, withHeader, type Forged } from '../../helpers/forge-block.js';
import { writeTinyImageChain } from '../../helpers/tiny-image-chain.js';
import { Cluster, eventually } from '../cluster.js';

/** Holds the most a balance may: crediting it anything overflows. */
const whale = testKey(9);
const FEE = 1_000n;
/** The only checkpoint: no scenario but its own builds a block at this height. */
const CHECKPOINT_HEIGHT = 40;
const MAX_TX = 4;
const now = () => Math.floor(Date.now() / 1000);

interface Link {
  readonly header: BlockHeader;
  readonly state: State;
  /** Every block's but genesis'. */
  readonly model?: Model;
}

/** The node's main chain as the attackers know it (they read it from the blocks they made). */
interface World {
  readonly rules: ConsensusRules;
  readonly chain: Link[];
}
const head = (w: World) => w.chain[w.chain.length - 1];

type Expect =
  /** The sender is banned with a reason matching this. */
  | { readonly banned: RegExp }
  /** Refused with this code, no penalty: the refusal depends on the node's clock or head. */
  | { readonly refused: BlockErrorCode }
  /** Held until its time, then accepted as the head, no penalty. */
  | { readonly held: true };

interface Attack {
  /** Gossiped in order; each but the last is stored by the node before the next is sent. */
  readonly blocks: readonly Forged[];
  readonly expect: Expect;
  /** What the attacker serves for chunk requests: its blocks' model files by default. */
  readonly serve?: (request: ChunkRequest) => ModelChunk | undefined | Promise<ModelChunk | undefined>;
  /** Raw gossip instead of the blocks' encodings. */
  readonly bytes?: Uint8Array;
  /** Valid blocks the node takes as its new head (the world moves on). */
  readonly extends?: readonly Forged[];
  /** An attack another attacker makes first (its own verdict checked), which this one builds on. */
  readonly first?: Attack;
}

type Scenario = ((w: World) => Attack) | { readonly unreachable: string };

const banned = (code: string): Expect => ({ banned: new RegExp(`^invalid block: ${code}: `) });

/** A block on the head reaching the threshold, one second after it. */
function onHead(w: World, o: Partial<Parameters<typeof forgeValidBlock>[3]> = {}): Forged {
  const h = head(w);
  return forgeValidBlock(w.rules, h.header, h.state, { timestamp: h.header.timestamp + 1, ...o });
}
function forged(f: Forged, over: Partial<BlockHeader>): Forged {
  return { ...f, block: withHeader(f.block, over) };
}
/** A block on the head carrying `txs` (valid but for them). */
const withTxs = (w: World, txs: Block['txs']): Forged => onHead(w, { txs });
const pay = (w: World, amount: bigint, nonce?: number) =>
  transfer(
    alice,
    bob.address,
    amount,
    FEE,
    nonce ?? head(w).state.account(alice.address).nonce,
    w.rules.params.chainId,
  );

/** A transaction of a kind other than transfer (storage, governance) from `from` at its next nonce (+ `offset`) on the head. */
function storageTx(w: World, from: TestKey, payload: TxPayload, over: Partial<Transaction> = {}, offset = 0) {
  return signTransaction(
    {
      chainId: w.rules.params.chainId,
      sender: from.publicKey,
      nonce: head(w).state.account(from.address).nonce + offset,
      recipient: new Uint8Array(20),
      amount: 0n,
      fee: FEE,
      payload,
      ...over,
    },
    from.seed,
  );
}
const register = (): KeeperRegisterPayload => ({
  kind: 'keeper-register',
  capacity: 2 ** 30,
  bond: world.rules.params.storage.minBond,
  peerId: new TextEncoder().encode('12D3KooW-attacker'),
});
/** A grammar proposal at the least deposit (its file need not exist: nothing checks it before a decision). */
const grammarProposal = (w: World): ProposeGrammarPayload => ({
  kind: 'propose-grammar',
  grammarId: new Uint8Array(32).fill(5),
  fileRoot: new Uint8Array(32).fill(6),
  fileSize: 1000,
  deposit: w.rules.params.governance.minDeposit,
});
/** A stored file the attackers know: its bytes and root. */
interface Known {
  readonly bytes: Uint8Array;
  readonly root: Uint8Array;
}
/** The model of the block holding alice's keeper-register (the first block she is assigned). */
function registeredModel(w: World): Known {
  const link = w.chain.find((l) => l.header.height === SETUP_BLOCKS + 1)!;
  return { bytes: encodeModel(link.model!), root: link.header.modelRoot };
}
const trainFile = (): Known => {
  const bytes = new Uint8Array(readFileSync(join(dir, 'data', 'train.csv')));
  return { bytes, root: segmentRoot(bytes) };
};
/** Alice's storage proof of `file` on the head: of its challenged segment (or of `index`), in the current epoch. */
function proofOf(w: World, file: Known, index?: number): StorageProofPayload {
  const state = head(w).state;
  const c = challengeOf(w.rules.params, state, file.root, alice.address);
  const at = index ?? c?.segment ?? 0;
  const chunk = Math.floor(at / SEGMENTS_PER_CHUNK);
  const proof = segmentProof(
    file.bytes.subarray(chunk * CHUNK_BYTES, (chunk + 1) * CHUNK_BYTES),
    upperLevels(file.bytes),
    at,
  );
  return { kind: 'storage-proof', root: file.root, epoch: c?.epoch ?? currentEpoch(state)!.epoch, ...proof };
}

const SCENARIOS: Record<BlockErrorCode, Scenario> = {
  'bad-version': (w) => ({ blocks: [forged(onHead(w), { version: 2 })], expect: banned('bad-version') }),
  'bad-height': (w) => ({
    blocks: [forged(onHead(w), { height: head(w).header.height + 2 })],
    expect: banned('bad-height'),
  }),
  // A child of a block the node refused for good (a wrong state root, from another attacker first): refused for its
  // parent at once, before any sync asks for that parent.
  'bad-parent': (w) => {
    const bad = forged(onHead(w, { seed: 11 }), { stateRoot: new Uint8Array(32).fill(1) });
    const h = head(w);
    const child = forgeValidBlock(w.rules, bad.block.header, h.state, { timestamp: bad.block.header.timestamp + 1 });
    return {
      first: { blocks: [bad], expect: banned('state-root-mismatch') },
      blocks: [child],
      expect: banned('bad-parent'),
    };
  },
  'bad-timestamp': (w) => ({
    blocks: [forged(onHead(w), { timestamp: head(w).header.timestamp })],
    expect: banned('bad-timestamp'),
  }),
  'too-many-transactions': (w) => ({
    blocks: [
      withTxs(
        w,
        Array.from({ length: MAX_TX + 1 }, (_, i) => pay(w, 1n, head(w).state.account(alice.address).nonce + i)),
      ),
    ],
    expect: banned('too-many-transactions'),
  }),
  'tx-root-mismatch': (w) => {
    const f = onHead(w, { txs: [pay(w, 1n)] });
    return { blocks: [{ ...f, block: { ...f.block, txs: [pay(w, 2n)] } }], expect: banned('tx-root-mismatch') };
  },
  'state-root-mismatch': (w) => ({
    blocks: [forged(onHead(w), { stateRoot: new Uint8Array(32).fill(2) })],
    expect: banned('state-root-mismatch'),
  }),
  // The weights of an earlier block's model under a new block: the digest covers the weights alone, so the attacker
  // grinds nonces until the work hash derives an architecture with as many parameters as one of the chain's models.
  'duplicate-model': (w) => {
    const h = head(w);
    const earlier = new Map(w.chain.slice(1).map((l) => [paramCount(l.model!.arch), l.model!]));
    for (let nonce = 0n; ; nonce++) {
      const work = { parentHash: blockHash(h.header), txRoot: txRoot([]), miner: miner.address, nonce };
      const { arch } = deriveArchitecture(w.rules, work);
      const copied = earlier.get(paramCount(arch));
      if (!copied) continue;
      const flat = copied.params.flatMap((p) => [...p]);
      let at = 0;
      const params = paramSpecs(arch).map((spec) =>
        Float32Array.from(flat.slice(at, (at += spec.shape.reduce((a, b) => a * b, 1)))),
      );
      const total = w.rules.validation.count;
      const f = forgeBlock(w.rules, h.header, h.state, {
        timestamp: h.header.timestamp + 1,
        nonce,
        params,
        score: { correct: total, total },
      });
      return { blocks: [f], expect: banned('duplicate-model') };
    }
  },
  'wrong-chain-id': (w) => ({
    blocks: [withTxs(w, [transfer(alice, bob.address, 1n, FEE, head(w).state.account(alice.address).nonce, 4242)])],
    expect: banned('wrong-chain-id'),
  }),
  'bad-signature': (w) => {
    const tx = pay(w, 1n);
    const signature = tx.signature.slice();
    signature[0] ^= 1;
    return { blocks: [withTxs(w, [{ ...tx, signature }])], expect: banned('bad-signature') };
  },
  'bad-nonce': (w) => ({
    blocks: [withTxs(w, [pay(w, 1n, head(w).state.account(alice.address).nonce + 5)])],
    expect: banned('bad-nonce'),
  }),
  'insufficient-balance': (w) => ({
    blocks: [withTxs(w, [pay(w, head(w).state.account(alice.address).balance)])],
    expect: banned('insufficient-balance'),
  }),
  // The reward paid to an account already holding the most a balance may.
  'balance-overflow': (w) => ({ blocks: [onHead(w, { miner: whale.address })], expect: banned('balance-overflow') }),
  'fee-below-minimum': (w) => ({
    blocks: [
      withTxs(w, [
        transfer(
          alice,
          bob.address,
          1n,
          w.rules.params.minFee - 1n,
          head(w).state.account(alice.address).nonce,
          w.rules.params.chainId,
        ),
      ]),
    ],
    expect: banned('fee-below-minimum'),
  }),
  // A transfer to an address without an account, paying the minimum fee but not the account's creation.
  'account-creation-unpaid': (w) => ({
    blocks: [
      withTxs(w, [
        transfer(
          alice,
          testKey(21).address,
          1n,
          w.rules.params.minFee,
          head(w).state.account(alice.address).nonce,
          w.rules.params.chainId,
        ),
      ]),
    ],
    expect: banned('account-creation-unpaid'),
  }),
  // A sibling of the head of equal weight (the threshold is flat): with a reorganisation limit of 1 its branch can
  // never outweigh the head, so it is refused before its model is fetched; hopeless here, not invalid.
  'branch-too-light': (w) => {
    const parent = w.chain[w.chain.length - 2];
    return {
      blocks: [
        forgeValidBlock(w.rules, parent.header, parent.state, { timestamp: head(w).header.timestamp, seed: 77 }),
      ],
      expect: { refused: 'branch-too-light' },
    };
  },
  'too-many-siblings': {
    unreachable:
      'on this chain every block weighs the same (a flat threshold) and the reorganisation limit is 1, so a ninth ' +
      'child is refused as branch-too-light first; test/unit/node/chain/side-blocks.test.ts ("a parent takes at most 8 children") covers the cap',
  },
  'wrong-problem': (w) => ({
    blocks: [forged(onHead(w), { problemId: new Uint8Array(32).fill(3) })],
    expect: banned('wrong-problem'),
  }),
  'wrong-grammar': (w) => ({
    blocks: [forged(onHead(w), { grammarId: new Uint8Array(32).fill(4) })],
    expect: banned('wrong-grammar'),
  }),
  'timestamp-not-after-median': {
    unreachable:
      'timestamps strictly increase along a chain (bad-timestamp is checked first), so the median of the last 11 ' +
      'is never above the parent',
  },
  'timestamp-far-future': (w) => ({
    blocks: [onHead(w, { timestamp: now() + FAR_FUTURE_SECONDS + 60 })],
    expect: { refused: 'timestamp-far-future' },
  }),
  'wrong-score-total': (w) => {
    const f = onHead(w);
    return {
      blocks: [forged(f, { score: { correct: 0, total: f.block.header.score.total + 1 } })],
      expect: banned('wrong-score-total'),
    };
  },
  'score-below-threshold': (w) => {
    const f = onHead(w);
    return {
      blocks: [forged(f, { score: { ...f.block.header.score, correct: 0 } })],
      expect: banned('score-below-threshold'),
    };
  },
  'model-too-large': (w) => ({
    blocks: [forged(onHead(w), { modelSize: w.rules.problem.maxModelBytes + 1 })],
    expect: banned('model-too-large'),
  }),
  'wrong-model-size': (w) => {
    const f = onHead(w);
    return { blocks: [forged(f, { modelSize: f.block.header.modelSize + 1 })], expect: banned('wrong-model-size') };
  },
  // Over the network the model comes from the sender, so "missing" is the sender not serving it.
  'model-missing': (w) => ({
    // Weights of its own: the node holds the models of the blocks before it (they share derived architectures).
    blocks: [onHead(w, { seed: 424_242 })],
    serve: () => undefined,
    expect: { banned: /does not hold chunk 0 of object/ },
  }),
  'model-size-mismatch': {
    unreachable:
      'the header announces the size of the derived architecture (wrong-model-size) and the fetch takes exactly ' +
      'that many bytes, so a fetched file always has the header size',
  },
  // Over the network each chunk is checked against the header's root as it arrives: a file that is not the
  // committed one fails its proof before it is whole.
  'model-root-mismatch': (w) => {
    const f = onHead(w);
    const chunks = servedChunks(f.file);
    return {
      blocks: [forged(f, { modelRoot: new Uint8Array(32).fill(5) })],
      serve: ({ index }) => chunks[index],
      expect: { banned: /chunk 0 .*fails its proof/ },
    };
  },
  'model-undecodable': (w) => {
    const f = onHead(w);
    const file = f.file.slice();
    new DataView(file.buffer).setFloat32(file.length - 4, NaN, true);
    return { blocks: [{ ...forged(f, { modelRoot: modelRoot(file) }), file }], expect: banned('model-undecodable') };
  },
  'wrong-architecture': (w) => {
    const f = onHead(w);
    const file = encodeModel({ ...f.model, grammarId: new Uint8Array(32).fill(6) });
    return { blocks: [{ ...forged(f, { modelRoot: modelRoot(file) }), file }], expect: banned('wrong-architecture') };
  },
  'score-mismatch': (w) => {
    const f = onHead(w);
    const { correct, total } = f.block.header.score;
    const claim = { correct: correct < total ? correct + 1 : correct - 1, total };
    return { blocks: [forged(f, { score: claim })], expect: banned('score-mismatch') };
  },
  // A branch from genesis under a head at height 2 or more: deeper than the reorganisation limit of 1.
  'reorg-too-deep': (w) => {
    const g = w.chain[0];
    return {
      blocks: [forgeValidBlock(w.rules, g.header, g.state, { timestamp: head(w).header.timestamp, seed: 99 })],
      expect: { refused: 'reorg-too-deep' },
    };
  },
  // Proof of storage. The stateless rules of the new kinds first, on the head:
  'amount-not-zero': (w) => ({
    blocks: [withTxs(w, [storageTx(w, bob, register(), { amount: 1n })])],
    expect: banned('amount-not-zero'),
  }),
  'recipient-not-zero': (w) => ({
    blocks: [withTxs(w, [storageTx(w, bob, { kind: 'keeper-exit' }, { recipient: alice.address })])],
    expect: banned('recipient-not-zero'),
  }),
  'zero-capacity': (w) => ({
    blocks: [withTxs(w, [storageTx(w, bob, { ...register(), capacity: 0 })])],
    expect: banned('zero-capacity'),
  }),
  'bond-below-minimum': (w) => ({
    blocks: [withTxs(w, [storageTx(w, bob, { ...register(), bond: w.rules.params.storage.minBond - 1n })])],
    expect: banned('bond-below-minimum'),
  }),
  'bad-peer-id': (w) => ({
    blocks: [withTxs(w, [storageTx(w, bob, { ...register(), peerId: new Uint8Array() })])],
    expect: banned('bad-peer-id'),
  }),
  // Then the state rules, on a chain the attackers extend: alice registers (block 31, whose model she is assigned),
  // registers again; 32 challenges epoch 8 (and places every older model and the data set on her).
  'already-keeper': (w) => {
    const registered = onHead(w, { txs: [storageTx(w, alice, register())] });
    const next = { header: registered.block.header, state: registered.state! };
    const again = forgeValidBlock(w.rules, next.header, next.state, {
      timestamp: next.header.timestamp + 1,
      txs: [storageTx({ ...w, chain: [...w.chain, next] }, alice, register())],
    });
    return { blocks: [registered, again], extends: [registered], expect: banned('already-keeper') };
  },
  'not-a-keeper': (w) => ({
    blocks: [withTxs(w, [storageTx(w, bob, { kind: 'keeper-exit' })])],
    expect: banned('not-a-keeper'),
  }),
  'wrong-epoch': (w) => {
    const challenge = onHead(w);
    const at = { ...w, chain: [...w.chain, { header: challenge.block.header, state: challenge.state! }] };
    const stale = { ...proofOf(at, registeredModel(w)), epoch: currentEpoch(challenge.state!)!.epoch - 1 };
    const f = forgeValidBlock(w.rules, challenge.block.header, challenge.state!, {
      timestamp: challenge.block.header.timestamp + 1,
      txs: [storageTx(at, alice, stale)],
    });
    return { blocks: [challenge, f], extends: [challenge], expect: banned('wrong-epoch') };
  },
  'no-replica': (w) => ({
    blocks: [
      withTxs(w, [storageTx(w, alice, { ...proofOf(w, registeredModel(w)), root: new Uint8Array(32).fill(9) })]),
    ],
    expect: banned('no-replica'),
  }),
  // The data set was placed on alice at the challenge block itself (32): not challenged until the next epoch.
  'not-challenged': (w) => ({
    blocks: [
      withTxs(w, [storageTx(w, alice, { ...proofOf(w, trainFile(), 0), epoch: currentEpoch(head(w).state)!.epoch })]),
    ],
    expect: banned('not-challenged'),
  }),
  // A genuine Merkle proof, of a segment beside the challenged one (before it: the challenged one may be the last).
  'wrong-segment': (w) => {
    const model = registeredModel(w);
    const { index } = proofOf(w, model);
    return {
      blocks: [withTxs(w, [storageTx(w, alice, proofOf(w, model, index > 0 ? index - 1 : index + 1))])],
      expect: banned('wrong-segment'),
    };
  },
  'wrong-segment-length': (w) => {
    const p = proofOf(w, registeredModel(w));
    const segment = p.segment.length > 1 ? p.segment.subarray(1) : Uint8Array.of(0, 0);
    return { blocks: [withTxs(w, [storageTx(w, alice, { ...p, segment })])], expect: banned('wrong-segment-length') };
  },
  // The window of epoch 8 is blocks 33..35: the attacker extends the chain through it and proves in block 36.
  'outside-window': (w) => {
    const extend: Forged[] = [];
    let top = head(w);
    for (let i = 0; i < w.rules.params.storage.challengeWindow; i++) {
      const next = forgeValidBlock(w.rules, top.header, top.state, { timestamp: top.header.timestamp + 1 });
      extend.push(next);
      top = { header: next.block.header, state: next.state! };
    }
    const at = { ...w, chain: [...w.chain, top] };
    const late = forgeValidBlock(w.rules, top.header, top.state, {
      timestamp: top.header.timestamp + 1,
      txs: [storageTx(at, alice, proofOf(at, registeredModel(w)))],
    });
    return { blocks: [...extend, late], extends: extend, expect: banned('outside-window') };
  },
  // Block 36 challenges epoch 9, the data set's replica among the rest: alice's true proof of it, twice in a block.
  'already-proven': (w) => {
    const challenge = onHead(w);
    const at = { ...w, chain: [...w.chain, { header: challenge.block.header, state: challenge.state! }] };
    const proof = proofOf(at, trainFile());
    const f = forgeValidBlock(w.rules, challenge.block.header, challenge.state!, {
      timestamp: challenge.block.header.timestamp + 1,
      txs: [storageTx(at, alice, proof), storageTx(at, alice, proof, {}, 1)],
    });
    return { blocks: [challenge, f], extends: [challenge], expect: banned('already-proven') };
  },
  // Governance: a proposal, support and withdraw as the attackers send them, each in a block on the head.
  'deposit-below-minimum': (w) => ({
    blocks: [withTxs(w, [storageTx(w, bob, { ...grammarProposal(w), deposit: 1n })])],
    expect: banned('deposit-below-minimum'),
  }),
  'bad-proposal': (w) => ({
    blocks: [withTxs(w, [storageTx(w, bob, { ...grammarProposal(w), fileSize: 0 })])],
    expect: banned('bad-proposal'),
  }),
  'zero-support': (w) => ({
    blocks: [
      withTxs(w, [storageTx(w, bob, { kind: 'support', proposal: proposalIdOf(grammarProposal(w)), amount: 0n })]),
    ],
    expect: banned('zero-support'),
  }),
  // The same proposal twice in one block: the second would reset the first's support and take its deposit.
  'duplicate-proposal': (w) => ({
    blocks: [withTxs(w, [storageTx(w, bob, grammarProposal(w)), storageTx(w, alice, grammarProposal(w))])],
    expect: banned('duplicate-proposal'),
  }),
  'unknown-proposal': (w) => ({
    blocks: [withTxs(w, [storageTx(w, bob, { kind: 'support', proposal: new Uint8Array(32).fill(7), amount: 5n })])],
    expect: banned('unknown-proposal'),
  }),
  'proposal-closed': {
    unreachable:
      'a proposal closes after proposalLifetime blocks (1000 on this chain) or when decided; ' +
      'test/unit/chain/governance/transactions.test.ts refuses a support of a closed proposal',
  },
  'no-support': (w) => ({
    blocks: [withTxs(w, [storageTx(w, bob, { kind: 'withdraw', proposal: proposalIdOf(grammarProposal(w)) })])],
    expect: banned('no-support'),
  }),
  // Support, then unlock at once, in one block: the coins could back several proposals in turn.
  'proposal-open': (w) => {
    const proposal = grammarProposal(w);
    const id = proposalIdOf(proposal);
    const txs = [
      storageTx(w, bob, proposal),
      storageTx(w, bob, { kind: 'support', proposal: id, amount: 5n }, {}, 1),
      storageTx(w, bob, { kind: 'withdraw', proposal: id }, {}, 2),
    ];
    return { blocks: [withTxs(w, txs)], expect: banned('proposal-open') };
  },
  'duplicate-object': {
    unreachable:
      "a stored object is a block's model, whose copy under a new block carries the same weights (duplicate-model " +
      'is checked first), or a genesis data file, which is not a model file of the derived architecture',
  },
  'nonce-not-zero': {
    unreachable:
      "this test's chain has nonces (params.nonceFree false), and the code arises only on a nonce-free chain: " +
      'test/unit/consensus/nonce-free.test.ts makes the attack (a valid block re-stamped with ground nonces)',
  },
  // Held, then accepted when its time comes: it was early, not invalid. Run after the scenarios that build on the
  // head one second after it (the table's order is the run's order).
  'timestamp-from-the-future': (w) => {
    const f = onHead(w, { timestamp: now() + MAX_FUTURE_SECONDS + 2 });
    return { blocks: [f], extends: [f], expect: { held: true } };
  },
  'checkpoint-mismatch': (w) => {
    const extend: Forged[] = [];
    let top = head(w);
    while (top.header.height < CHECKPOINT_HEIGHT - 1) {
      const next = forgeValidBlock(w.rules, top.header, top.state, { timestamp: top.header.timestamp + 1 });
      extend.push(next);
      top = { header: next.block.header, state: next.state! };
    }
    const pinned = forgeValidBlock(w.rules, top.header, top.state, { timestamp: top.header.timestamp + 1 });
    return { blocks: [...extend, pinned], extends: extend, expect: banned('checkpoint-mismatch') };
  },
};

const THRESHOLD = { mode: 'fixed', startBp: 2000, floorBp: 2000, decayBp: 1, decaySeconds: 1 } as const;
/** Valid blocks the node holds before the attacks: models for the duplicate to copy, depth for reorg-too-deep; the
 * storage scenarios then extend the chain to 36 (challenge blocks at multiples of 4). */
const SETUP_BLOCKS = 30;

let dir: string;
let cluster: Cluster;
let node: NodeProcess;
let world: World;
let attackers = 0;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coinai-invalid-blocks-'));
  const { config, file } = await writeTinyImageChain(
    dir,
    [
      { address: alice.address, balance: 10n ** 15n },
      { address: bob.address, balance: 10n ** 15n },
      { address: whale.address, balance: MAX_AMOUNT },
    ],
    THRESHOLD,
    {
      maxTxPerBlock: MAX_TX,
      maxReorgDepth: 1,
      checkpoints: { [CHECKPOINT_HEIGHT]: toHex(new Uint8Array(32).fill(7)) },
    },
  );
  const { rules } = loadRules(config);
  world = { rules, chain: [{ header: genesisBlock(config).header, state: genesisState(config) }] };
  const datadir = join(dir, 'node');
  await (await initDataDir(datadir, config)).store.close();
  const { chain } = await openChain(datadir);
  try {
    const start = now() - 600;
    for (let i = 0; i < SETUP_BLOCKS; i++) {
      // Positive weights, so that the duplicate may put them anywhere (batch-norm variances must be positive).
      const f = forgeValidBlock(rules, head(world).header, head(world).state, {
        timestamp: start + i,
        mapWeights: Math.abs,
      });
      await chain.models.put(f.file);
      assert.equal((await chain.submit(f.block, now())).status, 'head');
      world.chain.push({ header: f.block.header, state: f.state!, model: f.model });
    }
  } finally {
    await chain.store.close();
  }
  cluster = new Cluster(dir, file);
  node = await cluster.start('node');
});

after(async () => {
  await cluster?.stopAll();
  await rm(dir, { recursive: true, force: true });
});

interface LogLine {
  readonly msg: string;
  readonly peer?: string;
  readonly from?: string;
  readonly reason?: string;
  readonly err?: { readonly message?: string };
}

async function logLines(): Promise<LogLine[]> {
  return (await readFile(node.logFile, 'utf8'))
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);
}

async function peerEntry(id: string): Promise<{ id: string; address: string; score: number } | undefined> {
  const { peers } = (await (await fetch(`${node.addresses.api}/api/peers`)).json()) as {
    peers: { id: string; address: string; score: number }[];
  };
  return peers.find((p) => p.id === id);
}

const blockUrl = (b: Block) => `${node.addresses.api}/api/blocks/${toHex(blockHash(b.header))}`;

/** Gossips the attack's blocks from a fresh peer on its own address; checks the node's verdict on the last. */
async function attack(a: Attack): Promise<void> {
  if (a.first) await attack(a.first);
  const n = ++attackers;
  const host = `127.0.0.${10 + n}`;
  const dataDir = join(dir, `attacker-${n}`);
  const models = new ObjectStore(join(dataDir, 'models'));
  for (const f of a.blocks) await models.put(f.file);
  const server = new ModelServer(models);
  const genesisHash = blockHash(world.chain[0].header);
  const net = await Network.create({
    dataDir,
    host,
    dialFrom: host,
    port: 0,
    chainId: world.rules.params.chainId,
    genesisHash,
    head: () => ({ height: 0, hash: genesisHash, totalWeight: 0n }),
    bootstrap: node.addresses.addresses,
    handlers: {
      gossip: { blocks: () => 'ignore' },
      blocksByRange: () => [],
      chunk: a.serve ?? ((r) => server.chunk(r)),
    },
  });
  try {
    await eventually('the attacker in the blocks mesh', async () =>
      net.meshPeers('blocks').includes(node.addresses.peerId),
    );
    const seen = await eventually('the attacker among the peers', () => peerEntry(net.peerId));
    assert.match(seen.address, new RegExp(`^/ip4/${host.replaceAll('.', '\\.')}/`), 'it dials from its own address');
    if (a.bytes) await net.publish('blocks', a.bytes);
    for (const [i, f] of a.blocks.entries()) {
      // Blocks meant to be valid but for one rule are sent once their time has come (after the held one).
      if ('banned' in a.expect)
        await eventually(
          'the block no longer early',
          async () => f.block.header.timestamp <= now() + MAX_FUTURE_SECONDS,
        );
      await net.publish('blocks', encodeBlock(f.block));
      if (i < a.blocks.length - 1)
        await eventually(`block ${i} stored`, async () => (await fetch(blockUrl(f.block))).ok);
    }
    await verdict(net.peerId, a.blocks.at(-1)?.block, a.expect);
    for (const f of a.extends ?? []) world.chain.push({ header: f.block.header, state: f.state!, model: f.model });
  } finally {
    await net.stop();
  }
}

async function verdict(peer: string, block: Block | undefined, expect: Expect): Promise<void> {
  if ('banned' in expect) {
    const ban = await eventually('the ban in the log', async () =>
      (await logLines()).find((l) => l.msg === 'peer banned' && l.peer === peer),
    );
    assert.match(ban.reason!, expect.banned);
    return;
  }
  if ('refused' in expect) {
    const refusal = await eventually('the refusal in the log', async () =>
      (await logLines()).find((l) => l.msg === 'gossiped block not imported' && l.from === peer),
    );
    assert.match(refusal.err?.message ?? '', new RegExp(`^${expect.refused}: `));
    assert.equal((await fetch(blockUrl(block!))).status, 404, 'not stored');
  } else {
    await eventually('the held block accepted as the head', async () => {
      const { hash } = (await (await fetch(`${node.addresses.api}/api/status`)).json()) as { hash: string };
      return hash === toHex(blockHash(block!.header));
    });
  }
  assert.equal((await peerEntry(peer))?.score, 0, 'the sender keeps a clean score');
  assert.ok(!(await logLines()).some((l) => l.msg === 'peer banned' && l.peer === peer));
}

test('the table has an entry for every BlockErrorCode in src/chain/errors.ts', async () => {
  const source = await readFile(new URL('../../../src/chain/errors.ts', import.meta.url), 'utf8');
  const types = source.slice(source.indexOf('export type BlockErrorCode'), source.indexOf('export class'));
  const codes = [...types.matchAll(/'([a-z-]+)'/g)].map((m) => m[1]);
  assert.ok(codes.length >= 30, `${codes.length} codes read`);
  assert.deepEqual(
    codes.filter((c) => !(c in SCENARIOS)),
    [],
    'codes without a scenario',
  );
});

for (const [code, scenario] of Object.entries(SCENARIOS)) {
  if ('unreachable' in scenario) test(`${code}: not reachable over the network`, { skip: scenario.unreachable });
  else test(`${code}: ${expectation(code as BlockErrorCode)}`, () => attack(scenario(world)));
}

test('undecodable block bytes: the sender is banned', () =>
  attack({ blocks: [], bytes: new Uint8Array([1, 2, 3]), expect: { banned: /./ } }));

function expectation(code: BlockErrorCode): string {
  if (code === 'timestamp-from-the-future') return 'held until its time, the sender unpunished';
  if (code === 'timestamp-far-future' || code === 'reorg-too-deep' || code === 'branch-too-light')
    return 'refused, the sender unpunished';
  return 'rejected with its reason, the sender banned';
}
