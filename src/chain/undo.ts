// What undoing a block needs: the prior account of every address the block touched (the empty account for one
// that did not exist). Encoding: varint count ‖ (address 20 ‖ account)*, addresses strictly ascending.
import { DecodeError } from '../codec/errors.js';
import { Reader } from '../codec/reader.js';
import { Writer } from '../codec/writer.js';
import { ADDRESS_LENGTH, type Address } from '../crypto/address.js';
import { readAccount, writeAccount, type Account } from './account.js';
import { addressKey, State } from './state.js';

export interface Undo {
  readonly prior: readonly (readonly [Address, Account])[];
}

/** The state before the block whose undo record this is. */
export function revertBlock(state: State, undo: Undo): State {
  return state.update(new Map(undo.prior.map(([a, acc]) => [addressKey(a), acc])));
}

export function encodeUndo(u: Undo): Uint8Array {
  const w = new Writer().varint('count', u.prior.length, 32);
  for (const [address, acc] of u.prior) {
    w.fixed('address', address, ADDRESS_LENGTH);
    writeAccount(w, acc);
  }
  return w.finish();
}

export function decodeUndo(bytes: Uint8Array): Undo {
  const r = new Reader(bytes);
  const count = r.uint('count', Math.floor(bytes.length / (ADDRESS_LENGTH + 2)));
  const prior: [Address, Account][] = [];
  for (let i = 0; i < count; i++) {
    const address = r.fixed('address', ADDRESS_LENGTH);
    if (i > 0 && addressKey(address) <= addressKey(prior[i - 1][0])) {
      throw new DecodeError('address', 'undo addresses must be strictly ascending');
    }
    prior.push([address, readAccount(r)]);
  }
  r.end('undo');
  return { prior };
}
