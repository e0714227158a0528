import { decodeBlock, encodeBlock, type Block } from '../../../src/chain/block.js';
import { DecodeError } from '../../../src/codec/errors.js';
import type { Target } from '../harness.js';
import { seedBlockBytes, seedBlocks } from './chain-seeds.js';

export const blockTarget: Target<Block> = {
  name: 'block',
  about: 'decodeBlock (src/chain/block.ts): block gossip, blocks-by-range responses, the block store',
  seeds: () => [...seedBlockBytes(), ...seedBlocks().map(encodeBlock)],
  decode: decodeBlock,
  isRejection: (err) => err instanceof DecodeError,
  encode: encodeBlock,
  maxInputBytes: 8 * 1024,
};
