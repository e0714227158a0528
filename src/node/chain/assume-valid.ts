// Assume-valid (after Bitcoin Core's -assumevalid), node policy: the user names a block they trust, and the blocks
// that are it or its ancestors skip the one costly check, the model's re-evaluation (PROTOCOL.md 5.4 step 8);
// every other check runs on them. Ancestry is learnt by hash, only from a chain of headers each linking to the
// one before (sync's proven headers): a hash commits to its parent's, so the assumed hash in such a chain makes
// it and every header before it its ancestors, whoever served them. A sibling at the same height has another hash
// and is evaluated; a hash on no chain we are shown skips nothing. What is remembered is the ancestors not yet
// stored, forgotten as each is accepted and all at once when the assumed block is.
import type { Logger } from 'pino';
import { blockHash, type BlockHeader } from '../../chain/header.js';
import { bytesEqual, toHex } from '../../codec/hex.js';

export class AssumeValid {
  private readonly ancestors = new Set<string>();
  private inEffect = false;
  private reached = false;

  constructor(
    readonly hash: Uint8Array,
    private readonly log: Pick<Logger, 'info'>,
  ) {}

  /**
   * Headers of a chain (sync's proven headers, oldest first): where each links to the one before, and the chain
   * holds the assumed block, it and the headers before it become skippable. A break in the links ends the chain.
   */
  noteHeaders(headers: readonly BlockHeader[]): void {
    if (this.reached) return;
    const hashes: string[] = [];
    let previous: Uint8Array | undefined;
    for (const header of headers) {
      if (previous && !bytesEqual(header.parentHash, previous)) return;
      previous = blockHash(header);
      hashes.push(toHex(previous));
      if (!bytesEqual(previous, this.hash)) continue;
      this.ancestors.clear();
      for (const h of hashes) this.ancestors.add(h);
      if (!this.inEffect) {
        this.inEffect = true;
        this.log.info(
          { assumeValid: toHex(this.hash), height: header.height, skipped: hashes.length },
          'assume-valid in effect: the blocks up to the assumed one skip the model evaluation',
        );
      }
      return;
    }
  }

  /** Whether the block `hash` is the assumed block or an ancestor of it on a chain of headers we were shown. */
  covers(hash: Uint8Array): boolean {
    return this.ancestors.has(toHex(hash));
  }

  /** The block `hash` is stored: it needs skipping no more; the assumed block itself ends assume-valid. */
  accepted(hash: Uint8Array): void {
    if (!this.ancestors.delete(toHex(hash)) || !bytesEqual(hash, this.hash)) return;
    this.reached = true;
    this.ancestors.clear();
    this.log.info({ assumeValid: toHex(this.hash) }, 'assume-valid block reached: every later block is evaluated');
  }
}
