// The registry of transaction kinds: a transaction's kind is a varint tag, then the kind's payload (each kind's
// encoding and stateless rules live in its folder, src/chain/tx/<kind>/payload.ts). A new kind is a folder there, a
// variant of TxPayload and an entry in CODECS and in the state rules (tx-rules.ts).
import type { Reader } from '../codec/reader.js';
import { DecodeError } from '../codec/errors.js';
import { Writer } from '../codec/writer.js';
import { sha3_256 } from '../crypto/hash.js';
import type { ChainParams } from './params.js';
import type { Transaction } from './transaction.js';
import { varintBytes, type PayloadCodec, type TxRejection } from './tx/kind.js';
import { keeperExitCodec, type KeeperExitPayload } from './tx/keeper-exit/payload.js';
import { keeperRegisterCodec, type KeeperRegisterPayload } from './tx/keeper-register/payload.js';
import { proposeGrammarCodec, type ProposeGrammarPayload } from './tx/propose-grammar/payload.js';
import { proposeProblemCodec, type ProposeProblemPayload } from './tx/propose-problem/payload.js';
import { storageProofCodec, type StorageProofPayload } from './tx/storage-proof/payload.js';
import { supportCodec, type SupportPayload } from './tx/support/payload.js';
import { transferCodec, type TransferPayload } from './tx/transfer/payload.js';
import { withdrawCodec, type WithdrawPayload } from './tx/withdraw/payload.js';

export { varintBytes } from './tx/kind.js';
export { MAX_MEMO_LENGTH, type TransferPayload } from './tx/transfer/payload.js';
export type { KeeperRegisterPayload } from './tx/keeper-register/payload.js';
export type { KeeperExitPayload } from './tx/keeper-exit/payload.js';
export type { StorageProofPayload } from './tx/storage-proof/payload.js';
export type { ProposeProblemPayload } from './tx/propose-problem/payload.js';
export type { ProposeGrammarPayload } from './tx/propose-grammar/payload.js';
export type { SupportPayload } from './tx/support/payload.js';
export type { WithdrawPayload } from './tx/withdraw/payload.js';

export type TxPayload =
  | TransferPayload
  | KeeperRegisterPayload
  | KeeperExitPayload
  | StorageProofPayload
  | ProposeProblemPayload
  | ProposeGrammarPayload
  | SupportPayload
  | WithdrawPayload;
export type TxKindName = TxPayload['kind'];
type PayloadOf<K extends TxKindName> = Extract<TxPayload, { kind: K }>;

const CODECS: { readonly [K in TxKindName]: PayloadCodec<PayloadOf<K>> } = {
  transfer: transferCodec,
  'keeper-register': keeperRegisterCodec,
  'keeper-exit': keeperExitCodec,
  'storage-proof': storageProofCodec,
  'propose-problem': proposeProblemCodec,
  'propose-grammar': proposeGrammarCodec,
  support: supportCodec,
  withdraw: withdrawCodec,
};
export const TX_KINDS = Object.keys(CODECS) as TxKindName[];
const BY_TAG = new Map(TX_KINDS.map((k) => [CODECS[k].tag, CODECS[k] as PayloadCodec<TxPayload>]));

function codecOf(p: TxPayload): PayloadCodec<TxPayload> {
  return CODECS[p.kind] as PayloadCodec<TxPayload>;
}

/** The longest payload encoding of any kind: the tag (below 2^16), then the kind's longest payload. */
export const MAX_TX_PAYLOAD_BYTES = varintBytes(16) + Math.max(...TX_KINDS.map((k) => CODECS[k].maxBytes));

export function writeTxPayload(w: Writer, p: TxPayload): void {
  const codec = codecOf(p);
  w.varint('kind', codec.tag, 16);
  codec.write(w, p);
}

export function readTxPayload(r: Reader): TxPayload {
  const tag = r.uint('kind', 0xffff);
  const codec = BY_TAG.get(tag);
  if (!codec) throw new DecodeError('kind', `unknown transaction kind ${tag}`);
  return codec.read(r);
}

/** The payload's stateless rules (its kind's). */
export function payloadRejection(params: ChainParams, tx: Transaction): TxRejection | undefined {
  return codecOf(tx.payload).stateless(params, tx, tx.payload);
}

/** What the transaction locks from the sender's balance beyond amount and fee. */
export function lockedBy(p: TxPayload): bigint {
  return codecOf(p).locked?.(p) ?? 0n;
}

/** proposal id = SHA3-256 of the proposal's payload encoding, its kind tag included (docs/PROTOCOL.md 7.3). */
export function proposalIdOf(p: TxPayload): Uint8Array {
  const w = new Writer();
  writeTxPayload(w, p);
  return sha3_256(w.finish());
}
