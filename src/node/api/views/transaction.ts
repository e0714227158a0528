// A transaction as JSON: addresses in text form, amounts decimal strings, bytes hex.
import { toHex } from '../../../codec/hex.js';
import type { Transaction } from '../../../chain/transaction.js';
import { TX_KINDS } from '../../../chain/tx-payload.js';
import { txHash } from '../../../chain/tx-signing.js';
import { addressFromPublicKey, formatAddress } from '../../../crypto/address.js';
import { ADDRESS, AMOUNT, HASH, HEX, hexBytes, object, UINT } from '../schema.js';

export function txView(tx: Transaction) {
  return {
    hash: toHex(txHash(tx)),
    chainId: tx.chainId,
    from: formatAddress(addressFromPublicKey(tx.sender)),
    to: formatAddress(tx.recipient),
    amount: tx.amount.toString(),
    fee: tx.fee.toString(),
    nonce: tx.nonce,
    kind: tx.payload.kind,
    memo: tx.payload.kind === 'transfer' ? toHex(tx.payload.memo) : '',
    sender: toHex(tx.sender),
    signature: toHex(tx.signature),
  };
}

export const TX_PROPERTIES = {
  hash: HASH,
  chainId: UINT,
  from: ADDRESS,
  to: ADDRESS,
  amount: AMOUNT,
  fee: AMOUNT,
  nonce: UINT,
  kind: { type: 'string', enum: TX_KINDS },
  memo: { ...HEX, description: 'free text for the recipient, bytes as hex' },
  sender: hexBytes(32, "the sender's ed25519 public key"),
  signature: hexBytes(64, 'ed25519 signature'),
};

export const TX = object(TX_PROPERTIES, 'a signed transaction');
