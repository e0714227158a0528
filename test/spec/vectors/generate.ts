// Makes the ledger test vectors from fixed keys: `node --import tsx test/spec/vectors/generate.ts` rewrites
// transaction.json, block.json, state.json, storage.json and governance.json; test/spec/chain/vectors.test.ts checks the committed files against
// this, and test/spec/chain/state-python.test.ts checks state.json with an independent Python implementation.
import { writeFileSync } from 'node:fs';
import { toHex } from '../../../src/codec/hex.js';
import { formatAddress } from '../../../src/crypto/address.js';
import { encodeBlock, type Block } from '../../../src/chain/block.js';
import { buildBlock } from '../../../src/chain/build-block.js';
import { genesisBlock, genesisState } from '../../../src/consensus/genesis.js';
import { blockHash, encodeHeader, type BlockHeader } from '../../../src/chain/header.js';
import { encodeTransaction, type Transaction } from '../../../src/chain/transaction.js';
import { signTransaction, txHash, txSigningMessage } from '../../../src/chain/tx-signing.js';
import { accountRecord } from '../../../src/chain/account.js';
import { modelRecord } from '../../../src/chain/models.js';
import { treeKey, type RecordChange } from '../../../src/chain/namespace.js';
import type { State } from '../../../src/chain/state.js';
import { encodeChainParams, paramsRecord } from '../../../src/chain/params-record.js';
import { headerWorkHash } from '../../../src/chain/work-hash.js';
import {
  activeRules,
  activeRulesRecord,
  encodeActiveRules,
  pendingRecord,
  genesisSupply,
  genesisSupplyRecord,
} from '../../../src/chain/governance/active.js';
import { listRecords, objectRoots, OBJECT_LIST } from '../../../src/chain/storage/lists.js';
import { objectRecord, storedObject } from '../../../src/chain/storage/objects.js';
import { SMT_EMPTY_HASH, SparseMerkleTree } from '../../../src/crypto/sparse-merkle.js';
import { sha3_256, sha3_512 } from '../../../src/crypto/hash.js';
import { chooseWinner } from '../../../src/chain/governance/decision.js';
import { encodeProposal } from '../../../src/chain/governance/proposals.js';
import { encodePack } from '../../../src/ml/data/pack.js';
import { encodeSupport } from '../../../src/chain/governance/supports.js';
import { proposalIdOf, type TxPayload } from '../../../src/chain/tx-payload.js';
import {
  CHUNK_BYTES,
  SEGMENTS_PER_CHUNK,
  segmentProof,
  segmentRoot,
  upperLevels,
} from '../../../src/crypto/segment-tree.js';
import { challengeSegment } from '../../../src/chain/storage/challenge.js';
import { encodeEpoch } from '../../../src/chain/storage/epoch.js';
import { encodeKeeper } from '../../../src/chain/storage/keepers.js';
import { encodeStoredObject } from '../../../src/chain/storage/objects.js';
import { place, placementDraw } from '../../../src/chain/storage/placement.js';
import { alice, bob, genesisConfig, miner, params, testKey } from '../../helpers/chain/fixtures.js';

/** A recipient without an account: the vector block's third transfer creates it and pays accountCreationFee. */
const carol = testKey(4);

function txFields(tx: Transaction) {
  return {
    chainId: tx.chainId,
    sender: toHex(tx.sender),
    nonce: tx.nonce,
    recipient: formatAddress(tx.recipient),
    amount: tx.amount.toString(),
    fee: tx.fee.toString(),
    kind: tx.payload.kind,
    memo: tx.payload.kind === 'transfer' ? toHex(tx.payload.memo) : '',
    signature: toHex(tx.signature),
  };
}

function headerFields(h: BlockHeader) {
  return {
    version: h.version,
    height: h.height,
    parentHash: toHex(h.parentHash),
    timestamp: h.timestamp,
    txRoot: toHex(h.txRoot),
    stateRoot: toHex(h.stateRoot),
    miner: formatAddress(h.miner),
    nonce: h.nonce.toString(),
    problemId: toHex(h.problemId),
    grammarId: toHex(h.grammarId),
    modelRoot: toHex(h.modelRoot),
    modelSize: h.modelSize,
    score: h.score,
  };
}

const memo = new TextEncoder().encode('coffee');
const vectorTx = signTransaction(
  {
    chainId: params.chainId,
    sender: alice.publicKey,
    nonce: 0,
    recipient: bob.address,
    amount: 1234n,
    fee: 56n,
    payload: { kind: 'transfer', memo },
  },
  alice.seed,
);

/** Stands for the block's model weights digest (paramsDigest): it joins the state, so the state root commits to it. */
const VECTOR_MODEL_DIGEST = new Uint8Array(32).fill(4);
/** Stands for the block's model root: the block creates a stored object of it. */
const VECTOR_MODEL_ROOT = new Uint8Array(32).fill(3);

function vectorBlock(): { block: Block; state: State } {
  const genesis = genesisBlock(genesisConfig);
  const txs = [
    vectorTx,
    signTransaction(
      { ...vectorTx, sender: bob.publicKey, nonce: 0, recipient: alice.address, amount: 7n, fee: 1n },
      bob.seed,
    ),
    signTransaction(
      { ...vectorTx, nonce: 1, recipient: carol.address, amount: 100n, fee: params.minFee + params.accountCreationFee },
      alice.seed,
    ),
  ];
  const h = (b: number) => new Uint8Array(32).fill(b);
  return buildBlock(params, genesisState(genesisConfig), genesis.header, {
    miner: miner.address,
    timestamp: genesis.header.timestamp + 60,
    txs,
    modelDigest: VECTOR_MODEL_DIGEST,
    work: {
      nonce: 42n,
      problemId: h(1),
      grammarId: h(2),
      modelRoot: VECTOR_MODEL_ROOT,
      modelSize: 4096,
      score: { correct: 9, total: 10 },
    },
  });
}

const hexOf = (b: Uint8Array | undefined) => (b === undefined ? null : toHex(b));

/**
 * Raw tree steps on chosen keys (applied in turn, each root after the step): keys sharing long prefixes (down to
 * 255 bits), both halves of the first split, a replaced value, and deletions that collapse subtrees back to a leaf.
 */
function treeSteps() {
  const key = (bytes: Record<number, number>) => {
    const k = new Uint8Array(32);
    for (const [i, b] of Object.entries(bytes)) k[Number(i)] = b;
    return k;
  };
  const k0 = key({});
  const k1 = key({ 31: 1 });
  const k2 = key({ 0: 0x80 });
  const k3 = key({ 0: 0x40 });
  const k4 = key({ 0: 0x41, 5: 0xaa });
  const v = (text: string) => new TextEncoder().encode(text);
  const steps: [Uint8Array, Uint8Array | undefined][][] = [
    [[k0, v('zero')]],
    [[k1, v('one')]],
    [
      [k2, v('high')],
      [k3, v('')],
      [k4, v('x'.repeat(40))],
    ],
    [[k1, v('one, replaced')]],
    [[k0, undefined]],
    [
      [k3, undefined],
      [k2, undefined],
    ],
    [
      [k4, undefined],
      [k1, undefined],
    ],
  ];
  let tree = SparseMerkleTree.empty;
  return steps.map((changes) => {
    tree = tree.update(changes);
    return { changes: changes.map(([k, val]) => ({ key: toHex(k), value: hexOf(val) })), root: toHex(tree.root()) };
  });
}

/** The records of the state after the vector block, with their tree keys. */
function stateRecords(state: State) {
  const records: RecordChange[] = [
    ...[alice, bob, carol, miner].map((k) => accountRecord(k.address, state.account(k.address))),
    modelRecord(VECTOR_MODEL_DIGEST),
    paramsRecord(genesisConfig.params),
    activeRulesRecord(activeRules(state)),
    genesisSupplyRecord(genesisSupply(state)),
    // The block's model object (no keepers yet: no replicas) and the object list holding its root.
    objectRecord(VECTOR_MODEL_ROOT, storedObject(state, VECTOR_MODEL_ROOT)!),
    ...listRecords(OBJECT_LIST, objectRoots(state)),
  ];
  return records.map((r) => ({
    namespace: r.ns.name,
    tag: r.ns.tag,
    key: toHex(r.key),
    value: hexOf(r.value),
    treeKey: toHex(treeKey(r.ns, r.key)),
  }));
}

/** A file of `size` bytes: byte i = i mod 251. */
function vectorFile(size: number): Uint8Array {
  return Uint8Array.from({ length: size }, (_, i) => i % 251);
}

/** A two-file pack (docs/PROTOCOL.md 7.3): a manifest of a flat 2-feature, 2-class CSV data set, and the CSV. */
function packVector() {
  const csv = new TextEncoder().encode('0,0.25,0.5\n1,0.75,0\n');
  const manifest = new TextEncoder().encode(
    JSON.stringify({
      name: 'pair',
      input: { kind: 'flat', n: 2 },
      classes: 2,
      metric: 'accuracy',
      files: { 'pair.csv': toHex(sha3_256(csv)) },
      train: { csv: 'pair.csv' },
      validation: { csv: 'pair.csv' },
    }),
  );
  const files = [
    { name: 'manifest.json', bytes: manifest },
    { name: 'pair.csv', bytes: csv },
  ];
  const pack = encodePack(files);
  return {
    files: files.map((f) => ({ name: f.name, bytes: toHex(f.bytes) })),
    bytes: toHex(pack),
    root: toHex(segmentRoot(pack)),
    size: pack.length,
  };
}

function governanceVectors() {
  const unsigned = {
    chainId: params.chainId,
    sender: bob.publicKey,
    recipient: new Uint8Array(20),
    amount: 0n,
    fee: 5n,
  };
  const problem: TxPayload = {
    kind: 'propose-problem',
    name: new TextEncoder().encode('digits-8x8'),
    dataRoot: segmentRoot(vectorFile(3000)),
    dataSize: 3000,
    input: { kind: 'image', h: 8, w: 8, c: 1 },
    classes: 10,
    metric: 'macro-f1',
    threshold: {
      mode: 'adaptive',
      startBp: 9000,
      floorBp: 6000,
      decayBp: 5,
      decaySeconds: 1,
      marginBp: 25,
      capBp: 9950,
    },
    maxModelBytes: 262_144,
    deposit: 100n,
  };
  const grammar: TxPayload = {
    kind: 'propose-grammar',
    grammarId: sha3_256(new TextEncoder().encode('<net> ::= dense 4 relu\n')),
    fileRoot: segmentRoot(new TextEncoder().encode('<net> ::= dense 4 relu\n')),
    fileSize: 23,
    deposit: 150n,
  };
  const problemId = proposalIdOf(problem);
  const txs = [
    problem,
    grammar,
    { kind: 'support', proposal: problemId, amount: 700n },
    { kind: 'withdraw', proposal: problemId },
  ] as const;
  const [proposeProblem, proposeGrammar, support, withdraw] = txs.map((payload, nonce) => {
    const tx = signTransaction({ ...unsigned, nonce, payload }, bob.seed);
    return { encoding: toHex(encodeTransaction(tx)), hash: toHex(txHash(tx)) };
  });
  const seed = sha3_512(new TextEncoder().encode('coinai governance vector seed'));
  const candidates = [1n, 2n, 3n].map((n) => ({ id: sha3_256(Uint8Array.of(Number(n))), counted: n * 100n }));
  const winner = chooseWinner('lottery', candidates, seed, 'problem')!;
  return {
    description:
      'Governance (docs/PROTOCOL.md, "Governance"). transactions: signed by bob of the test chain (chain id 7), ' +
      'nonces 0..3; proposal ids: SHA3-256 of the payload encoding (kind tag first). draw: the lottery among ' +
      'candidates (id, counted support) for kind problem, r = SHA3-256(utf8("coinai-governance-draw") ‖ seed ‖ 0x00) ' +
      'mod the total, the candidates in ascending id order, the first whose running sum exceeds r. records: value ' +
      'encodings of the problem proposal after the support, the support record, the active rules of the test ' +
      'chain’s genesis, and a pending activation of the problem proposal at height 12. pack: a data set as one ' +
      'stored object, count ‖ (name, size) per file ‖ the files, with its segment root and size (a proposal’s ' +
      'dataRoot and dataSize).',
    transactions: { proposeProblem, proposeGrammar, support, withdraw },
    proposalIds: { problem: toHex(problemId), grammar: toHex(proposalIdOf(grammar)) },
    draw: {
      seed: toHex(seed),
      candidates: candidates.map((c) => ({ id: toHex(c.id), counted: c.counted.toString() })),
      r: (
        BigInt(`0x${toHex(sha3_256(new TextEncoder().encode('coinai-governance-draw'), seed, Uint8Array.of(0)))}`) %
        600n
      ).toString(),
      winner: toHex(winner.id),
    },
    records: {
      proposal: toHex(
        encodeProposal({
          kind: 'problem',
          proposer: bob.address,
          deposit: 100n,
          created: 1,
          status: 'open',
          support: 700n,
          rulesId: problemId,
        }),
      ),
      support: toHex(encodeSupport({ amount: 700n, since: 2 })),
      active: toHex(encodeActiveRules(activeRules(genesisState(genesisConfig)))),
      pending: toHex(pendingRecord('problem', { proposal: problemId, rulesId: problemId, at: 12 }).value!),
    },
    pack: packVector(),
  };
}

function storageVectors() {
  const unsigned = {
    chainId: params.chainId,
    sender: alice.publicKey,
    recipient: new Uint8Array(20),
    amount: 0n,
    fee: 5n,
  };
  const register = signTransaction(
    {
      ...unsigned,
      nonce: 0,
      payload: {
        kind: 'keeper-register',
        capacity: 2 ** 31,
        bond: 1000n,
        peerId: new TextEncoder().encode('12D3KooWvector'),
      },
    },
    alice.seed,
  );
  const exit = signTransaction({ ...unsigned, nonce: 2, payload: { kind: 'keeper-exit' } }, alice.seed);
  const bytes = vectorFile(70_000);
  const root = segmentRoot(bytes);
  const seed = sha3_512(new TextEncoder().encode('coinai storage vector seed'));
  const segment = challengeSegment(seed, root, alice.address, bytes.length);
  const chunk = Math.floor(segment / SEGMENTS_PER_CHUNK);
  const proof = segmentProof(
    bytes.subarray(chunk * CHUNK_BYTES, (chunk + 1) * CHUNK_BYTES),
    upperLevels(bytes),
    segment,
  );
  const proofTx = signTransaction(
    { ...unsigned, nonce: 1, payload: { kind: 'storage-proof', root, epoch: 1, ...proof } },
    alice.seed,
  );
  const txVector = (tx: Transaction) => ({ encoding: toHex(encodeTransaction(tx)), hash: toHex(txHash(tx)) });
  const candidates = [alice, bob, miner].map((k, i) => ({ address: k.address, free: (i + 1) * 1_000_000 }));
  const total = candidates.reduce((sum, c) => sum + BigInt(c.free), 0n);
  const drawn = place(candidates, 2, seed, root);
  return {
    description:
      'Proof of storage (docs/PROTOCOL.md, "Proof of storage"). file: byte i = i mod 251, 70,000 bytes (69 segments); ' +
      'its root is the segment root. transactions: signed by the key of transaction.json (test chain, chain id 7). ' +
      'challenge: the segment that seed challenges for keeper on the file. placement: 2 draws among the candidates ' +
      '(free capacities), the first draw value r0 = SHA3-256(utf8("coinai-place-v1") ‖ seed ‖ root ‖ u32 BE 0) mod ' +
      'the total free capacity. records: value encodings of the keeper record after the register, the stored object ' +
      'with its one replica, and the epoch record.',
    file: { size: bytes.length, root: toHex(root) },
    seed: toHex(seed),
    transactions: { keeperRegister: txVector(register), storageProof: txVector(proofTx), keeperExit: txVector(exit) },
    challenge: { keeper: formatAddress(alice.address), size: bytes.length, segment },
    proof: { index: proof.index, segment: toHex(proof.segment), siblings: proof.siblings.map(toHex) },
    placement: {
      candidates: candidates.map((c) => ({ address: formatAddress(c.address), free: c.free })),
      need: 2,
      r0: placementDraw(seed, root, 0, total).toString(),
      drawn: drawn.map(formatAddress),
    },
    records: {
      keeper: toHex(
        encodeKeeper({
          status: 'active',
          capacity: 2 ** 31,
          used: bytes.length,
          bond: 1000n,
          peerId: new TextEncoder().encode('12D3KooWvector'),
          registered: 1,
          unbondAt: 0,
          proofs: 1,
          misses: 0,
          earned: 100n,
          burnt: 0n,
        }),
      ),
      object: toHex(
        encodeStoredObject({
          kind: 'model',
          size: bytes.length,
          replication: 3,
          created: 2,
          replicas: [{ keeper: alice.address, assigned: 2, strikes: 0, lastProof: 1 }],
        }),
      ),
      epoch: toHex(encodeEpoch({ epoch: 1, height: 4, seed })),
    },
  };
}

export function makeVectors() {
  const { block, state } = vectorBlock();
  return {
    transaction: {
      description: 'A transfer signed by the ed25519 seed SHA3-256(utf8("coinai test key 1")).',
      seed: toHex(alice.seed),
      fields: txFields(vectorTx),
      signingMessage: toHex(txSigningMessage(vectorTx)),
      encoding: toHex(encodeTransaction(vectorTx)),
      hash: toHex(txHash(vectorTx)),
    },
    block: {
      description:
        'Block 1 of the test chain (chain id 7, minFee 1, accountCreationFee 50, alloc in ' +
        'test/helpers/chain/fixtures.ts) with three transfers, the third creating an account (50 of its fee burnt); ' +
        'its model weights digest is modelDigest, so the state after it holds that one digest.',
      modelDigest: toHex(VECTOR_MODEL_DIGEST),
      header: headerFields(block.header),
      headerEncoding: toHex(encodeHeader(block.header)),
      txs: block.txs.map((tx) => ({ encoding: toHex(encodeTransaction(tx)), hash: toHex(txHash(tx)) })),
      encoding: toHex(encodeBlock(block)),
      hash: toHex(blockHash(block.header)),
      workHash: {
        description:
          'H of the header (docs/PROTOCOL.md 5.2): withNonce = SHA3-512(parentHash ‖ txRoot ‖ miner ‖ nonce as 8 ' +
          "bytes big-endian), this chain's; nonceFree = SHA3-512(parentHash ‖ txRoot ‖ miner), what the same fields " +
          'give on a nonce-free chain (params.nonceFree, where the nonce must be 0), whose params record ends in ' +
          "one more byte, 01 (nonceFreeParams, this chain's params with nonceFree).",
        withNonce: toHex(headerWorkHash(params, block.header)),
        nonceFree: toHex(headerWorkHash({ nonceFree: true }, block.header)),
        nonceFreeParams: toHex(encodeChainParams({ ...params, nonceFree: true })),
      },
    },
    state: {
      description:
        'The state tree (docs/PROTOCOL.md 1.1, 2.6). tree: raw steps on chosen 32-byte keys, applied in turn ' +
        '(value null removes the key), with the root after each. records: the state after block.json, every ' +
        'record as (namespace tag, key, value) with treeKey = SHA3-256(utf8(domain) ‖ tag ‖ key); its root is ' +
        "block.json's stateRoot.",
      domain: 'coinai-state-v2',
      emptyRoot: toHex(SMT_EMPTY_HASH),
      tree: treeSteps(),
      records: stateRecords(state),
      root: toHex(state.root()),
    },
    storage: storageVectors(),
    governance: governanceVectors(),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const v = makeVectors();
  const dir = new URL('.', import.meta.url).pathname;
  writeFileSync(`${dir}transaction.json`, JSON.stringify(v.transaction, null, 2) + '\n');
  writeFileSync(`${dir}block.json`, JSON.stringify(v.block, null, 2) + '\n');
  writeFileSync(`${dir}state.json`, JSON.stringify(v.state, null, 2) + '\n');
  writeFileSync(`${dir}storage.json`, JSON.stringify(v.storage, null, 2) + '\n');
  writeFileSync(`${dir}governance.json`, JSON.stringify(v.governance, null, 2) + '\n');
}
