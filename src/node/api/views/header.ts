// A block header as JSON: hashes hex, the miner's address in text form, the 64-bit nonce a decimal string.
import { toHex } from '../../../codec/hex.js';
import { blockHash, type BlockHeader } from '../../../chain/header.js';
import { scoreBp } from '../../../consensus/score.js';
import { formatAddress } from '../../../crypto/address.js';
import { ADDRESS, HASH, object, UINT } from '../schema.js';

export function headerView(h: BlockHeader) {
  return {
    hash: toHex(blockHash(h)),
    height: h.height,
    version: h.version,
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
    score: { correct: h.score.correct, total: h.score.total, bp: scoreBp(h.score) },
  };
}

export const HEADER_PROPERTIES = {
  hash: HASH,
  height: UINT,
  version: UINT,
  parentHash: HASH,
  timestamp: { ...UINT, description: 'seconds since the Unix epoch' },
  txRoot: HASH,
  stateRoot: HASH,
  miner: ADDRESS,
  nonce: { type: 'string', pattern: '^[0-9]+$', description: '64-bit, decimal' },
  problemId: HASH,
  grammarId: HASH,
  modelRoot: { ...HASH, description: 'Merkle root of the model file (GET /api/models/{root})' },
  modelSize: { ...UINT, description: 'bytes of the model file' },
  score: object(
    { correct: UINT, total: UINT, bp: { ...UINT, description: 'correct/total in basis points, rounded down' } },
    "the model's claimed score on the validation split",
  ),
};

export const HEADER = object(HEADER_PROPERTIES, 'a block header');
