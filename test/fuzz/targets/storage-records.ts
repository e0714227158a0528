// The proof-of-storage records of the state (src/chain/storage/): keepers, stored objects and the epoch, as the chain
// store reads them back.
import { DecodeError } from '../../../src/codec/errors.js';
import { fromHex } from '../../../src/codec/hex.js';
import { decodeEpoch, encodeEpoch, type Epoch } from '../../../src/chain/storage/epoch.js';
import { decodeKeeper, encodeKeeper, type Keeper } from '../../../src/chain/storage/keepers.js';
import { decodeStoredObject, encodeStoredObject, type StoredObject } from '../../../src/chain/storage/objects.js';
import type { Target } from '../harness.js';
import { storageVectors } from './chain-seeds.js';

const record = (name: 'keeper' | 'object' | 'epoch') => [fromHex(name, storageVectors().records[name])];

export const keeperTarget: Target<Keeper> = {
  name: 'keeper',
  about: 'decodeKeeper (src/chain/storage/keepers.ts): keeper records in the chain store',
  seeds: () => record('keeper'),
  decode: decodeKeeper,
  isRejection: (err) => err instanceof DecodeError,
  encode: encodeKeeper,
  maxInputBytes: 512,
};

export const storedObjectTarget: Target<StoredObject> = {
  name: 'stored-object',
  about: 'decodeStoredObject (src/chain/storage/objects.ts): stored object records in the chain store',
  seeds: () => record('object'),
  decode: decodeStoredObject,
  isRejection: (err) => err instanceof DecodeError,
  encode: encodeStoredObject,
  maxInputBytes: 16 * 1024,
};

export const epochTarget: Target<Epoch> = {
  name: 'epoch',
  about: 'decodeEpoch (src/chain/storage/epoch.ts): the epoch record in the chain store',
  seeds: () => record('epoch'),
  decode: decodeEpoch,
  isRejection: (err) => err instanceof DecodeError,
  encode: encodeEpoch,
  maxInputBytes: 256,
};
