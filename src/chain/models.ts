// The namespace of model weight digests: one record per block of the chain after genesis, keyed by the block
// model's paramsDigest (src/consensus/params-digest.ts), with an empty value. It decides the chain-wide
// uniqueness rule (duplicate-model, docs/PROTOCOL.md 2.7); to the state a digest is just 32 bytes.
import type { Namespace, RecordChange } from './namespace.js';

export const MODEL_DIGEST_LENGTH = 32;

export const MODELS: Namespace = { tag: 2, name: 'models', keyLength: MODEL_DIGEST_LENGTH };

const PRESENT = new Uint8Array(0);

/** The change adding (or, with `present` false, removing) a model digest. */
export function modelRecord(digest: Uint8Array, present = true): RecordChange {
  return { ns: MODELS, key: digest, value: present ? PRESENT : undefined };
}
