// A grammar's identity: what governance votes on and blocks name.
import { sha3_256 } from '../crypto/hash.js';

/** grammar id = SHA3-256 of the grammar file's exact bytes (comments and the max-depth header included). */
export function grammarId(fileBytes: Uint8Array): Uint8Array {
  return sha3_256(fileBytes);
}
