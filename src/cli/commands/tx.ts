// `coinai tx build | sign | decode`: transactions made and signed offline, printed as hex of their encoding.
// An unsigned transaction is the encoding with 64 zero bytes for the signature.
import type { Command } from 'commander';
import { DecodeError } from '../../codec/errors.js';
import { fromHex, toHex } from '../../codec/hex.js';
import { addressFromPublicKey, formatAddress } from '../../crypto/address.js';
import { PUBLIC_KEY_LENGTH, SIGNATURE_LENGTH } from '../../crypto/keys.js';
import { MAX_CHAIN_ID } from '../../chain/params.js';
import { decodeTransaction, type Transaction, type UnsignedTransaction } from '../../chain/transaction.js';
import { signTransaction } from '../../chain/tx-signing.js';
import { EMPTY_ACCOUNT } from '../../chain/account.js';
import { leastFee } from '../../chain/tx-rules.js';
import { configPath, readGenesisFile } from '../../node/db/datadir.js';
import { CliError, print } from '../output.js';
import { registerSend } from './tx-send.js';
import { parseHex, parseInteger } from '../options.js';
import { describe, NONCE, transferFields, transferOptions, unlock, type TransferOptions } from '../tx-fields.js';

function parseTxHex(text: string): Transaction {
  try {
    return decodeTransaction(fromHex('transaction', text.trim()));
  } catch (err) {
    if (err instanceof DecodeError) throw new CliError(`not a transaction: ${err.message}`);
    throw err;
  }
}

async function signWithKeyFile(tx: UnsignedTransaction, file: string): Promise<Transaction> {
  const key = await unlock(file);
  if (toHex(key.publicKey) !== toHex(tx.sender)) {
    throw new CliError(
      `${file} holds ${formatAddress(addressFromPublicKey(key.publicKey))}, not the sender of the transaction`,
    );
  }
  return signTransaction(tx, key.privateKey);
}

const renderHex = (d: ReturnType<typeof describe>) => `${d.hex}\nhash ${d.hash}${d.signed ? '' : ' (unsigned)'}`;

interface BuildOptions extends TransferOptions {
  fromKey?: string;
  fromPubkey?: Uint8Array;
  nonce: number;
  chainId?: number;
  datadir?: string;
  json?: boolean;
}

/**
 * The chain id and the default fee. Offline the recipient's account is unknown, so the default fee from --datadir
 * assumes the transfer creates it (minFee + accountCreationFee); with --chain-id alone --fee is needed.
 */
async function chainOf(opts: BuildOptions): Promise<{ chainId: number; fee: bigint }> {
  if (opts.chainId !== undefined) {
    if (opts.fee === undefined) throw new CliError('give --fee with --chain-id (or --datadir, whose chain sets it)');
    return { chainId: opts.chainId, fee: opts.fee };
  }
  if (opts.datadir !== undefined) {
    const { params } = await readGenesisFile(configPath(opts.datadir));
    return { chainId: params.chainId, fee: leastFee(params, EMPTY_ACCOUNT, opts.amount) };
  }
  throw new CliError('give --chain-id or --datadir (whose genesis.json names the chain)');
}

export function register(program: Command): void {
  const tx = program.command('tx').description('build, sign and inspect transactions offline, or send them to a node');

  transferOptions(
    tx
      .command('build')
      .description('build a transfer; signed with --from-key, unsigned (for tx sign) with --from-pubkey')
      .option('--from-key <file>', 'key file of the sender (asks its password, or COINAI_PASSWORD)')
      .option(
        '--from-pubkey <hex>',
        "the sender's public key, to build an unsigned transaction",
        parseHex('--from-pubkey', PUBLIC_KEY_LENGTH),
      ),
  )
    .requiredOption('--nonce <n>', "the sender account's next nonce", NONCE)
    .option('--chain-id <n>', 'chain id (or --datadir)', parseInteger('--chain-id', { max: MAX_CHAIN_ID }))
    .option('--datadir <dir>', 'read the chain id from this data directory')
    .option('--json', 'print JSON')
    .action(async (opts: BuildOptions) => {
      if ((opts.fromKey === undefined) === (opts.fromPubkey === undefined))
        throw new CliError('give one of --from-key and --from-pubkey');
      const chain = await chainOf(opts);
      const draft = { chainId: chain.chainId, nonce: opts.nonce, ...transferFields(opts, chain.fee) };
      let built: Transaction;
      if (opts.fromKey) {
        const key = await unlock(opts.fromKey);
        built = signTransaction({ ...draft, sender: key.publicKey }, key.privateKey);
      } else {
        built = { ...draft, sender: opts.fromPubkey!, signature: new Uint8Array(SIGNATURE_LENGTH) };
      }
      print(opts.json, describe(built), renderHex);
    });

  tx.command('sign')
    .description('sign an unsigned transaction (hex) with a key file')
    .argument('<tx>', 'transaction hex, from tx build --from-pubkey')
    .requiredOption('--key <file>', "the sender's key file (asks its password, or COINAI_PASSWORD)")
    .option('--json', 'print JSON')
    .action(async (hex: string, opts: { key: string; json?: boolean }) => {
      const signed = await signWithKeyFile(parseTxHex(hex), opts.key);
      print(opts.json, describe(signed), renderHex);
    });

  tx.command('decode')
    .description('show the fields, hash and signature validity of a transaction (hex)')
    .argument('<tx>', 'transaction hex')
    .option('--json', 'print JSON')
    .action((hex: string, opts: { json?: boolean }) => {
      print(opts.json, describe(parseTxHex(hex)), (d) =>
        Object.entries(d)
          .filter(([k]) => k !== 'hex')
          .map(([k, v]) => `${k}: ${v}`)
          .join('\n'),
      );
    });

  registerSend(tx);
}
