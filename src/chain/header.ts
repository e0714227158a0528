// The block header and its canonical encoding (field order as in the interface; 32-byte hashes and the 20-byte
// miner address fixed-width, integers varints). The block hash is SHA3-256 of this encoding.
import { DecodeError } from '../codec/errors.js';
import { Reader } from '../codec/reader.js';
import { Writer } from '../codec/writer.js';
import { ADDRESS_LENGTH, type Address } from '../crypto/address.js';
import { sha3_256 } from '../crypto/hash.js';
import { MAX_UINT } from './params.js';

export const HASH_LENGTH = 32;
export const CURRENT_BLOCK_VERSION = 1;

/** How well the block's model did on the problem's validation set: `correct` out of `total` (docs/PROTOCOL.md, 5.2). */
export interface ClaimedScore {
  readonly correct: number;
  readonly total: number;
}

export interface BlockHeader {
  readonly version: number;
  readonly height: number;
  readonly parentHash: Uint8Array;
  /** Seconds since the Unix epoch. */
  readonly timestamp: number;
  /** Merkle root over the encodings of the block's transactions. */
  readonly txRoot: Uint8Array;
  /** State root after applying the block. */
  readonly stateRoot: Uint8Array;
  /** Receives the block reward and the fees. */
  readonly miner: Address;
  readonly nonce: bigint;
  // Proof of useful work, filled by the consensus rules: the problem solved, the grammar that derived the model's
  // architecture, the Merkle root and byte size of the model file, and its claimed score.
  readonly problemId: Uint8Array;
  readonly grammarId: Uint8Array;
  readonly modelRoot: Uint8Array;
  readonly modelSize: number;
  readonly score: ClaimedScore;
}

export function writeHeader(w: Writer, h: BlockHeader): void {
  w.varint('version', h.version, 32)
    .varint('height', h.height, 53)
    .fixed('parentHash', h.parentHash, HASH_LENGTH)
    .varint('timestamp', h.timestamp, 53)
    .fixed('txRoot', h.txRoot, HASH_LENGTH)
    .fixed('stateRoot', h.stateRoot, HASH_LENGTH)
    .fixed('miner', h.miner, ADDRESS_LENGTH)
    .varint('nonce', h.nonce, 64)
    .fixed('problemId', h.problemId, HASH_LENGTH)
    .fixed('grammarId', h.grammarId, HASH_LENGTH)
    .fixed('modelRoot', h.modelRoot, HASH_LENGTH)
    .varint('modelSize', h.modelSize, 53)
    .varint('score.correct', h.score.correct, 53)
    .varint('score.total', h.score.total, 53);
  if (h.score.correct > h.score.total) throw new RangeError('score.correct exceeds score.total');
}

export function readHeader(r: Reader): BlockHeader {
  const h: BlockHeader = {
    version: r.uint('version', 0xffff_ffff),
    height: r.uint('height', MAX_UINT),
    parentHash: r.fixed('parentHash', HASH_LENGTH),
    timestamp: r.uint('timestamp', MAX_UINT),
    txRoot: r.fixed('txRoot', HASH_LENGTH),
    stateRoot: r.fixed('stateRoot', HASH_LENGTH),
    miner: r.fixed('miner', ADDRESS_LENGTH),
    nonce: r.varint('nonce', 64),
    problemId: r.fixed('problemId', HASH_LENGTH),
    grammarId: r.fixed('grammarId', HASH_LENGTH),
    modelRoot: r.fixed('modelRoot', HASH_LENGTH),
    modelSize: r.uint('modelSize', MAX_UINT),
    score: { correct: r.uint('score.correct', MAX_UINT), total: r.uint('score.total', MAX_UINT) },
  };
  if (h.score.correct > h.score.total) throw new DecodeError('score.correct', 'exceeds score.total');
  return h;
}

export function encodeHeader(h: BlockHeader): Uint8Array {
  const w = new Writer();
  writeHeader(w, h);
  return w.finish();
}

export function decodeHeader(bytes: Uint8Array): BlockHeader {
  const r = new Reader(bytes);
  const h = readHeader(r);
  r.end('header');
  return h;
}

export function blockHash(h: BlockHeader): Uint8Array {
  return sha3_256(encodeHeader(h));
}
