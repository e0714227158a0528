import { decodeHeader, encodeHeader, type BlockHeader } from '../../../src/chain/header.js';
import { DecodeError } from '../../../src/codec/errors.js';
import type { Target } from '../harness.js';
import { seedBlocks } from './chain-seeds.js';

export const headerTarget: Target<BlockHeader> = {
  name: 'header',
  about: 'decodeHeader (src/chain/header.ts)',
  seeds: () => seedBlocks().map((b) => encodeHeader(b.header)),
  decode: decodeHeader,
  isRejection: (err) => err instanceof DecodeError,
  encode: encodeHeader,
  maxInputBytes: 1024,
};
