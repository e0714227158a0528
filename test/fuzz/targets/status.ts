import { DecodeError } from '../../../src/codec/errors.js';
import { decodeStatus, encodeStatus, STATUS_MAX_BYTES, type Status } from '../../../src/node/p2p/status.js';
import type { Target } from '../harness.js';

const hash = (b: number) => new Uint8Array(32).fill(b);

export const statusTarget: Target<Status> = {
  name: 'status',
  about: 'decodeStatus (src/node/p2p/status.ts): the handshake message',
  seeds: () =>
    [
      { chainId: 7, genesisHash: hash(1), head: { height: 0, hash: hash(1), totalWeight: 0n } },
      { chainId: 1337, genesisHash: hash(2), head: { height: 12_345, hash: hash(3), totalWeight: 987_654_321n } },
      {
        chainId: 0xffff_ffff,
        genesisHash: hash(0xff),
        head: { height: Number.MAX_SAFE_INTEGER, hash: hash(0xff), totalWeight: (1n << 128n) - 1n },
      },
    ].map(encodeStatus),
  decode: decodeStatus,
  isRejection: (err) => err instanceof DecodeError,
  encode: encodeStatus,
  // The frame limit: a longer status is refused before decoding.
  maxInputBytes: STATUS_MAX_BYTES,
};
