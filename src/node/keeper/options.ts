// What the keeper service is told (`coinai node start --keeper`): its key, what it offers, and when it proves.
import type { KeyPair } from '../../wallet/keystore.js';

export interface KeeperOptions {
  /** Signs its keeper-register and storage-proof transactions; its address is the keeper. */
  readonly key: KeyPair;
  /** Bytes offered to the chain (the capacity of its keeper-register). */
  readonly capacity: number;
  /** The bond its keeper-register locks; absent: the chain's minBond. */
  readonly bond?: bigint;
  /**
   * Blocks into a challenge window the proof is meant for: it is sent once the head is the challenge block plus
   * proofDelay - 1, so that the next block can take it (1: as early as the chain accepts one).
   */
  readonly proofDelay: number;
}

export const DEFAULT_PROOF_DELAY = 1;

/** Bytes of model files a node keeps without being assigned them (`--model-cache`). */
export const DEFAULT_MODEL_CACHE = 256 * 2 ** 20;
