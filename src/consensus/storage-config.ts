// The "storage" section of a chain config: the proof-of-storage parameters (ChainParams.storage) and the problem's
// data-set files, each pinned by its segment root and size (the genesis state holds a data object per file).
//   "storage": { "replication": 3, "dataReplication": 4, "epochLength": 4, "challengeWindow": 3, "maxStrikes": 2,
//                "minBond": "1000000", "unbondingDelay": 8, "proofReward": "100000", "missPenalty": "10000",
//                "dropPenalty": "100000", "data": [ { "name": "train-images.idx", "root": "<hex>", "size": n } ] }
// Every key is required (no defaults).
import { DecodeError } from '../codec/errors.js';
import { fromHex, toHex } from '../codec/hex.js';
import { integer, object, type Json } from '../codec/json-fields.js';
import { MAX_AMOUNT, MAX_UINT, type StorageParams } from '../chain/params.js';
import { MAX_REPLICATION } from '../chain/storage/objects.js';
import { MAX_PROOF_SIBLINGS } from '../chain/tx/storage-proof/payload.js';
import { SEGMENT_BYTES } from '../crypto/segment-tree.js';

/** The largest file a storage proof can answer for: 2^40 segments (its path has at most 40 siblings). */
const MAX_PROVABLE_SIZE = 2 ** MAX_PROOF_SIBLINGS * SEGMENT_BYTES;

/** A data-set file of the problem, as the chain knows it. */
export interface DataFileRef {
  readonly name: string;
  readonly root: Uint8Array;
  readonly size: number;
}

export interface StorageConfig {
  readonly params: StorageParams;
  readonly data: readonly DataFileRef[];
}

const KEYS = [
  'replication',
  'dataReplication',
  'epochLength',
  'challengeWindow',
  'maxStrikes',
  'minBond',
  'unbondingDelay',
  'proofReward',
  'missPenalty',
  'dropPenalty',
  'data',
];

/** A decimal string of an amount in min..2^128-1 (JSON numbers lose precision above 2^53). */
export function amount(field: string, v: unknown, min: bigint): bigint {
  if (typeof v !== 'string' || !/^(0|[1-9][0-9]{0,38})$/.test(v) || BigInt(v) < min || BigInt(v) > MAX_AMOUNT) {
    throw new DecodeError(field, `must be a decimal string in ${min}..2^128-1`);
  }
  return BigInt(v);
}

/** `minFee`: a proof must pay more than it costs (proofReward > minFee). */
export function parseStorageConfig(v: unknown, minFee: bigint): StorageConfig {
  const s = object('storage', v, KEYS);
  const replication = integer('storage.replication', s.replication, 1, MAX_REPLICATION - 1);
  const epochLength = integer('storage.epochLength', s.epochLength, 1, MAX_UINT);
  const params: StorageParams = {
    replication,
    dataReplication: integer('storage.dataReplication', s.dataReplication, replication + 1, MAX_REPLICATION),
    epochLength,
    challengeWindow: integer('storage.challengeWindow', s.challengeWindow, 1, epochLength),
    maxStrikes: integer('storage.maxStrikes', s.maxStrikes, 1, 255),
    minBond: amount('storage.minBond', s.minBond, 1n),
    unbondingDelay: integer('storage.unbondingDelay', s.unbondingDelay, 0, MAX_UINT),
    proofReward: amount('storage.proofReward', s.proofReward, minFee + 1n),
    missPenalty: amount('storage.missPenalty', s.missPenalty, 0n),
    dropPenalty: amount('storage.dropPenalty', s.dropPenalty, 0n),
  };
  if (!Array.isArray(s.data)) throw new DecodeError('storage.data', 'must be a list');
  const data = s.data.map((entry, i) => {
    const f = object(`storage.data[${i}]`, entry, ['name', 'root', 'size']);
    if (typeof f.name !== 'string' || !/^[A-Za-z0-9._-]{1,100}$/.test(f.name))
      throw new DecodeError(`storage.data[${i}].name`, 'must be a file name of 1..100 letters, digits, . _ -');
    if (typeof f.root !== 'string') throw new DecodeError(`storage.data[${i}].root`, 'must be 32 bytes in hex');
    return {
      name: f.name,
      root: fromHex(`storage.data[${i}].root`, f.root, 32),
      size: integer(`storage.data[${i}].size`, f.size, 1, MAX_PROVABLE_SIZE),
    };
  });
  if (new Set(data.map((d) => toHex(d.root))).size !== data.length)
    throw new DecodeError('storage.data', 'two files have the same root');
  return { params, data };
}

export function storageConfigToJson(params: StorageParams, data: readonly DataFileRef[]): Json {
  return {
    replication: params.replication,
    dataReplication: params.dataReplication,
    epochLength: params.epochLength,
    challengeWindow: params.challengeWindow,
    maxStrikes: params.maxStrikes,
    minBond: params.minBond.toString(),
    unbondingDelay: params.unbondingDelay,
    proofReward: params.proofReward.toString(),
    missPenalty: params.missPenalty.toString(),
    dropPenalty: params.dropPenalty.toString(),
    data: data.map((d) => ({ name: d.name, root: toHex(d.root), size: d.size })),
  };
}
