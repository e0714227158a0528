// propose-grammar (tag 5): grammarId 32 ‖ fileRoot 32 ‖ fileSize varint(53) ‖ deposit varint(128).
// Proposes the grammar file stored as the object (fileRoot, fileSize), whose grammar id (SHA3-256 of its bytes,
// 3.1) is grammarId, locking `deposit` (≥ minDeposit) from the sender's balance.
import { AMOUNT_BITS, MAX_UINT } from '../../params.js';
import { depositRejection, noTransferRejection, varintBytes, type PayloadCodec } from '../kind.js';

/** Every node fetches and analyses a winner's grammar file: a bound on both (cnn-v2.bnf is 6 KiB). */
export const MAX_GRAMMAR_FILE_BYTES = 1 << 20;

export interface ProposeGrammarPayload {
  readonly kind: 'propose-grammar';
  readonly grammarId: Uint8Array;
  readonly fileRoot: Uint8Array;
  readonly fileSize: number;
  readonly deposit: bigint;
}

export const proposeGrammarCodec: PayloadCodec<ProposeGrammarPayload> = {
  tag: 5,
  maxBytes: 64 + varintBytes(53) + varintBytes(AMOUNT_BITS),
  write: (w, p) =>
    w
      .fixed('grammarId', p.grammarId, 32)
      .fixed('fileRoot', p.fileRoot, 32)
      .varint('fileSize', p.fileSize, 53)
      .varint('deposit', p.deposit, AMOUNT_BITS),
  read: (r) => ({
    kind: 'propose-grammar',
    grammarId: r.fixed('grammarId', 32),
    fileRoot: r.fixed('fileRoot', 32),
    fileSize: r.uint('fileSize', MAX_UINT),
    deposit: r.varint('deposit', AMOUNT_BITS),
  }),
  stateless(params, tx, p) {
    const common = noTransferRejection(tx) ?? depositRejection(params, p.deposit);
    if (common) return common;
    if (p.fileSize < 1) return { code: 'bad-proposal', detail: 'an empty grammar file' };
    if (p.fileSize > MAX_GRAMMAR_FILE_BYTES)
      return { code: 'bad-proposal', detail: `a grammar file of ${p.fileSize} B (at most ${MAX_GRAMMAR_FILE_BYTES})` };
    return undefined;
  },
  locked: (p) => p.deposit,
};
