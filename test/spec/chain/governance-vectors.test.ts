// test/spec/vectors/governance.json: the committed file is what the generator makes, and its values follow from the
// rules of docs/PROTOCOL.md ("Governance") recomputed here with node:crypto's SHA3 and BigInt alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fromHex, toHex } from '../../../src/codec/hex.js';
import { Writer } from '../../../src/codec/writer.js';
import { decodeActiveRules } from '../../../src/chain/governance/active.js';
import { decodeProposal } from '../../../src/chain/governance/proposals.js';
import { decodeSupport } from '../../../src/chain/governance/supports.js';
import { decodeTransaction } from '../../../src/chain/transaction.js';
import { segmentRoot } from '../../../src/crypto/segment-tree.js';
import { decodePack } from '../../../src/ml/data/pack.js';
import { writeTxPayload } from '../../../src/chain/tx-payload.js';
import { verifyTransactionSignature } from '../../../src/chain/tx-signing.js';
import { makeVectors } from '../vectors/generate.js';

const v = JSON.parse(readFileSync(new URL('../vectors/governance.json', import.meta.url), 'utf8'));
const hex = (s: string) => fromHex('vector', s);
const sha3 = (...parts: Uint8Array[]) => {
  const h = createHash('sha3-256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

test('governance.json is what the generator makes', () => {
  assert.deepEqual(v, makeVectors().governance);
});

test('the transactions decode to their kinds, hash to their hashes and are signed; proposal ids hash the payload', () => {
  const kinds: Record<string, string> = {
    proposeProblem: 'propose-problem',
    proposeGrammar: 'propose-grammar',
    support: 'support',
    withdraw: 'withdraw',
  };
  const ids: Record<string, string> = {};
  for (const [name, kind] of Object.entries(kinds)) {
    const bytes = hex(v.transactions[name].encoding);
    const tx = decodeTransaction(bytes);
    assert.equal(tx.payload.kind, kind);
    assert.equal(toHex(sha3(bytes)), v.transactions[name].hash);
    assert.ok(verifyTransactionSignature(tx));
    const w = new Writer();
    writeTxPayload(w, tx.payload);
    const payload = w.finish();
    // The payload is a slice of the transaction's bytes, before the signature.
    assert.ok(toHex(bytes).includes(toHex(payload)));
    ids[kind] = toHex(sha3(payload));
    if (tx.payload.kind === 'support' || tx.payload.kind === 'withdraw')
      assert.equal(toHex(tx.payload.proposal), v.proposalIds.problem);
  }
  assert.deepEqual(v.proposalIds, { problem: ids['propose-problem'], grammar: ids['propose-grammar'] });
});

test('the lottery: r from the hash mod the total, the first candidate in id order whose running sum exceeds it', () => {
  const { seed, candidates, r, winner } = v.draw;
  const total = candidates.reduce((s: bigint, c: { counted: string }) => s + BigInt(c.counted), 0n);
  const h = sha3(new TextEncoder().encode('coinai-governance-draw'), hex(seed), Uint8Array.of(0));
  assert.equal((BigInt('0x' + toHex(h)) % total).toString(), r);
  const sorted = [...candidates].sort((a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1));
  let sum = 0n;
  const first = sorted.find((c: { counted: string }) => (sum += BigInt(c.counted)) > BigInt(r));
  assert.equal(first.id, winner);
});

test('the records decode to what the description says', () => {
  const p = decodeProposal(hex(v.records.proposal));
  assert.deepEqual([p.kind, p.deposit, p.created, p.status, p.support], ['problem', 100n, 1, 'open', 700n]);
  assert.equal(toHex(p.rulesId), v.proposalIds.problem);
  assert.deepEqual(decodeSupport(hex(v.records.support)), { amount: 700n, since: 2 });
  const a = decodeActiveRules(hex(v.records.active));
  assert.deepEqual([a.problemSince, a.grammarSince], [0, 0]);
  assert.equal(v.records.pending, v.proposalIds.problem + v.proposalIds.problem + '0c');
});

test('the pack: count, then each name and size as varints, then the files; its root is the data set’s dataRoot', () => {
  const { files, bytes, root, size } = v.pack;
  const leb128 = (n: number): number[] => (n < 128 ? [n] : [(n & 127) | 128, ...leb128(n >> 7)]);
  const parts: number[] = leb128(files.length);
  for (const f of files as { name: string; bytes: string }[]) {
    const name = new TextEncoder().encode(f.name);
    parts.push(...leb128(name.length), ...name, ...leb128(f.bytes.length / 2));
  }
  const expected = toHex(Uint8Array.from(parts)) + files.map((f: { bytes: string }) => f.bytes).join('');
  assert.equal(bytes, expected);
  assert.equal(size, bytes.length / 2);
  assert.equal(toHex(segmentRoot(hex(bytes))), root);
  assert.deepEqual(
    decodePack(hex(bytes)).map((f) => ({ name: f.name, bytes: toHex(f.bytes) })),
    files,
  );
  const manifest = JSON.parse(new TextDecoder().decode(hex(files[0].bytes)));
  assert.equal(manifest.files['pair.csv'], toHex(sha3(hex(files[1].bytes))));
});
