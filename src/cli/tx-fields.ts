// Options, parsing and display shared by the transaction commands (tx build / sign / decode, tx send, keeper,
// propose, support, withdraw).
import type { Command } from 'commander';
import { toHex } from '../codec/hex.js';
import { ADDRESS_LENGTH, addressFromPublicKey, formatAddress, type Address } from '../crypto/address.js';
import { MAX_AMOUNT, MAX_UINT } from '../chain/params.js';
import { MAX_MEMO_LENGTH } from '../chain/tx-payload.js';
import { encodeTransaction, type Transaction, type UnsignedTransaction } from '../chain/transaction.js';
import { signTransaction, txHash, verifyTransactionSignature } from '../chain/tx-signing.js';
import type { AccountJson } from '../node/api/routes/accounts.js';
import type { StatusJson } from '../node/api/routes/status.js';
import { readPassword } from '../wallet/password.js';
import { loadKey } from '../wallet/wallet-dir.js';
import { parseAddressOption, parseBigInteger, parseInteger } from './options.js';
import { ApiClient, withApiOption } from './api-client.js';
import { CliError } from './output.js';

/** --nonce of tx build and tx send. */
export const NONCE = parseInteger('--nonce', { max: MAX_UINT - 1 });

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
    memo: tx.payload.kind === 'transfer' ? Buffer.from(tx.payload.memo).toString('utf8') : '',
  };
}

export interface TransferOptions {
  to: Address;
  amount: bigint;
  /** Absent: the command picks the least fee the chain takes (leastFee). */
  fee?: bigint;
  memo: string;
}

/** The --to, --amount, --fee and --memo options of tx build and tx send. */
export function transferOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--to <address>', 'recipient address (cai…)', parseAddressOption('--to'))
    .requiredOption('--amount <n>', 'amount in the smallest unit', parseBigInteger('--amount', MAX_AMOUNT))
    .option(
      '--fee <n>',
      "fee in the smallest unit (default: the chain's minFee, plus its accountCreationFee for a new recipient)",
      parseBigInteger('--fee', MAX_AMOUNT),
    )
    .option('--memo <text>', `note for the recipient, at most ${MAX_MEMO_LENGTH} bytes of UTF-8`, '');
}

/** The transaction fields those options give, checked; `defaultFee` is the fee when --fee is not given. */
export function transferFields(opts: TransferOptions, defaultFee: bigint): TxFields {
  const memo = new TextEncoder().encode(opts.memo);
  if (memo.length > MAX_MEMO_LENGTH)
    throw new CliError(`--memo is ${memo.length} bytes, the limit is ${MAX_MEMO_LENGTH}`);
  return { recipient: opts.to, amount: opts.amount, fee: opts.fee ?? defaultFee, payload: { kind: 'transfer', memo } };
}

/** The fields `sendSigned` fills in itself. */
export type TxFields = Pick<UnsignedTransaction, 'recipient' | 'amount' | 'fee' | 'payload'>;

/**
 * Signs a transaction of the key file's account and submits it through the node's API (tx send, keeper register
 * and exit): the chain id comes from the node and the nonce, unless given, is the account's next after its
 * transactions already in the mempool.
 */
export async function sendSigned(
  client: ApiClient,
  keyFile: string,
  fields: TxFields | ((chain: StatusJson) => TxFields | Promise<TxFields>),
  nonce?: number,
): Promise<Transaction> {
  const status = await client.get<StatusJson>('/api/status');
  const resolved = typeof fields === 'function' ? await fields(status) : fields;
  const key = await unlock(keyFile);
  const from = formatAddress(addressFromPublicKey(key.publicKey));
  const next = nonce ?? (await client.get<AccountJson>(`/api/accounts/${from}`)).nextNonce;
  const signed = signTransaction(
    { chainId: status.chainId, sender: key.publicKey, nonce: next, ...resolved },
    key.privateKey,
  );
  await client.post<{ hash: string }>('/api/tx', { tx: toHex(encodeTransaction(signed)) });
  return signed;
}

/** The options of `signing`. */
export interface SignOptions {
  key: string;
  fee?: bigint;
  nonce?: number;
  api: string;
  json?: boolean;
}

/** --key, --fee, --nonce, --api and --json of the commands that send a transaction of a kind other than transfer;
 * `whose` names the key's account in the help ("the keeper's"). */
export function signing(cmd: Command, whose: string): Command {
  return withApiOption(cmd)
    .requiredOption('--key <file>', `${whose} key file (asks its password, or COINAI_PASSWORD)`)
    .option('--fee <n>', "fee in the smallest unit (default: the chain's minFee)", parseBigInteger('--fee', MAX_AMOUNT))
    .option('--nonce <n>', "the account's nonce (default: its next, after its pending transactions)", NONCE)
    .option('--json', 'print JSON');
}

/**
 * Sends a transaction of a kind other than transfer (PROTOCOL.md 2.3: amount 0, the zero recipient), paying --fee
 * or the chain's minFee, through sendSigned; `payload` may ask the node first.
 */
export async function sendKind(
  opts: SignOptions,
  payload: (status: StatusJson) => TxFields['payload'] | Promise<TxFields['payload']>,
): Promise<ReturnType<typeof describe>> {
  const fields = async (status: StatusJson): Promise<TxFields> => ({
    recipient: new Uint8Array(ADDRESS_LENGTH),
    amount: 0n,
    fee: opts.fee ?? BigInt(status.minFee),
    payload: await payload(status),
  });
  return describe(await sendSigned(new ApiClient(opts.api), opts.key, fields, opts.nonce));
}
