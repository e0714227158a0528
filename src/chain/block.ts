// A block: its header, then a varint count and the transactions back to back (each encoding is self-delimiting).
import { Reader } from '../codec/reader.js';
import { Writer } from '../codec/writer.js';
import { merkleRoot } from '../crypto/merkle.js';
import { readHeader, writeHeader, type BlockHeader } from './header.js';
import { MAX_TX_PER_BLOCK_LIMIT } from './params.js';
import { encodeTransaction, readTransaction, writeTransaction, type Transaction } from './transaction.js';

export interface Block {
  readonly header: BlockHeader;
  readonly txs: readonly Transaction[];
}

export function encodeBlock(b: Block): Uint8Array {
  const w = new Writer();
  writeHeader(w, b.header);
  w.varint('txCount', b.txs.length, 16);
  for (const tx of b.txs) writeTransaction(w, tx);
  return w.finish();
}

export function decodeBlock(bytes: Uint8Array): Block {
  const r = new Reader(bytes);
  const header = readHeader(r);
  const count = r.uint('txCount', MAX_TX_PER_BLOCK_LIMIT);
  const txs: Transaction[] = [];
  for (let i = 0; i < count; i++) txs.push(readTransaction(r));
  r.end('block');
  return { header, txs };
}

export function txRoot(txs: readonly Transaction[]): Uint8Array {
  return merkleRoot(txs.map(encodeTransaction));
}
