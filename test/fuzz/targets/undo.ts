import { decodeUndo, encodeUndo, type Undo } from '../../../src/chain/undo.js';
import { DecodeError } from '../../../src/codec/errors.js';
import type { Target } from '../harness.js';
import { seedUndos } from './chain-seeds.js';

export const undoTarget: Target<Undo> = {
  name: 'undo',
  about: 'decodeUndo (src/chain/undo.ts): undo records in the chain store',
  seeds: () => seedUndos().map(encodeUndo),
  decode: decodeUndo,
  isRejection: (err) => err instanceof DecodeError,
  encode: encodeUndo,
  maxInputBytes: 2048,
};
