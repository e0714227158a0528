// A libp2p peer id as the chain records it (a keeper's registration, docs/PROTOCOL.md 2.6): the bytes of its
// multihash, and back to the text form peers dial.
import { peerIdFromMultihash, peerIdFromString } from '@libp2p/peer-id';
import * as Digest from 'multiformats/hashes/digest';

/** The multihash bytes of a peer id in text form; throws on text that is no peer id. */
export function peerIdBytes(text: string): Uint8Array {
  return peerIdFromString(text).toMultihash().bytes;
}

/** The text form of recorded peer-id bytes; undefined for bytes that are no peer id (the chain checks only their
 * length). */
export function peerIdText(bytes: Uint8Array): string | undefined {
  try {
    return peerIdFromMultihash(Digest.decode(bytes)).toString();
  } catch {
    return undefined;
  }
}
