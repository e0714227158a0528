// A keeper's libp2p peer id as its keeper record holds it (docs/PROTOCOL.md 2.6, keepers): the id's multihash bytes
// (38 for an Ed25519 key), and back to the text form the network dials.
import { peerIdFromMultihash, peerIdFromString } from '@libp2p/peer-id';
import { CodedError } from '../../base/coded-error.js';

/** Bytes in a keeper record that are not a peer id. */
export class PeerIdError extends CodedError<'bad-peer-id'> {
  constructor(message: string) {
    super('bad-peer-id', message, message);
  }
}

export function peerIdBytes(id: string): Uint8Array {
  return peerIdFromString(id).toMultihash().bytes;
}

/**
 * The text of the peer id whose multihash is `bytes`. A peer id's multihash has a one-byte code (identity 0x00 or
 * sha2-256 0x12) and a one-byte length, so the two varints are read as single bytes.
 */
export function peerIdText(bytes: Uint8Array): string {
  const [code, size] = bytes;
  if (bytes.length < 2 || code >= 0x80 || size >= 0x80 || bytes.length !== 2 + size)
    throw new PeerIdError(`${bytes.length} bytes are not a peer id's multihash`);
  try {
    return peerIdFromMultihash({ code, size, digest: bytes.subarray(2), bytes }).toString();
  } catch (err) {
    throw new PeerIdError(`not a peer id: ${err instanceof Error ? err.message : String(err)}`);
  }
}
