// Options, parsing and display shared by the transaction commands (tx build / sign / decode, tx send).
import type { Command } from 'commander';
import { toHex } from '../codec/hex.js';
import { addressFromPublicKey, formatAddress, parseAddress } from '../crypto/address.js';
import { MAX_AMOUNT } from '../chain/params.js';
import { MAX_MEMO_LENGTH } from '../chain/tx-payload.js';
import { encodeTransaction, type Transaction, type UnsignedTransaction } from '../chain/transaction.js';
import { txHash, verifyTransactionSignature } from '../chain/tx-signing.js';
import { readPassword } from '../wallet/password.js';
import { loadKey } from '../wallet/wallet-dir.js';
import { CliError } from './output.js';

export function integer(name: string, text: string, max: number): number {
  if (!/^(0|[1-9][0-9]*)$/.test(text) || Number(text) > max) throw new CliError(`--${name} must be an integer in 0..${max}`);
  return Number(text);
}

function amount(name: string, text: string): bigint {
  if (!/^(0|[1-9][0-9]*)$/.test(text) || BigInt(text) > MAX_AMOUNT) {
    throw new CliError(`--${name} must be a whole number of the smallest unit, below 2^128`);
  }
  return BigInt(text);
}

export function unlock(file: string) {
  return readPassword(`Password for ${file}: `).then((password) => loadKey(file, password));
}

export function describe(tx: Transaction) {
  const signed = tx.signature.some((b) => b !== 0);
  return {
    hash: toHex(txHash(tx)),
    hex: toHex(encodeTransaction(tx)),
    signed,
    signatureValid: signed && verifyTransactionSignature(tx),
    chainId: tx.chainId,
    from: formatAddress(addressFromPublicKey(tx.sender)),
    to: formatAddress(tx.recipient),
    amount: tx.amount,
    fee: tx.fee,
    nonce: tx.nonce,
    kind: tx.payload.kind,
    memo: Buffer.from(tx.payload.memo).toString('utf8'),
  };
}

export interface TransferOptions {
  to: string;
  amount: string;
  fee: string;
  memo: string;
}

/** The --to, --amount, --fee and --memo options of tx build and tx send. */
export function transferOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--to <address>', 'recipient address (cai…)')
    .requiredOption('--amount <n>', 'amount in the smallest unit')
    .requiredOption('--fee <n>', 'fee in the smallest unit')
    .option('--memo <text>', `note for the recipient, at most ${MAX_MEMO_LENGTH} bytes of UTF-8`, '');
}

/** The transaction fields those options give, checked. */
export function transferFields(opts: TransferOptions): Pick<UnsignedTransaction, 'recipient' | 'amount' | 'fee' | 'payload'> {
  const memo = new TextEncoder().encode(opts.memo);
  if (memo.length > MAX_MEMO_LENGTH) throw new CliError(`--memo is ${memo.length} bytes, the limit is ${MAX_MEMO_LENGTH}`);
  let recipient: Uint8Array;
  try {
    recipient = parseAddress(opts.to, '--to');
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  return { recipient, amount: amount('amount', opts.amount), fee: amount('fee', opts.fee), payload: { kind: 'transfer', memo } };
}
