// What undoing a block needs: the prior account of every address the block touched (the empty account for one
// that did not exist), and the model digest the block added to the state (absent for a block without a model).
// Encoding: varint count ‖ (address 20 ‖ account)* ‖ u8 hasModel ‖ (digest 32 if hasModel), addresses strictly
// ascending.
import { DecodeError } from '../codec/errors.js';
import { Reader } from '../codec/reader.js';
import { Writer } from '../codec/writer.js';
import { ADDRESS_LENGTH, type Address } from '../crypto/address.js';
import { readAccount, writeAccount, type Account } from './account.js';
import { addressKey, MODEL_DIGEST_LENGTH, State } from './state.js';

export interface Undo {
  readonly prior: readonly (readonly [Address, Account])[];
  /** The model digest the block added, which undoing removes. */
  readonly model?: Uint8Array;
}

/** The state before the block whose undo record this is. */
export function revertBlock(state: State, undo: Undo): State {
  return state.update(new Map(undo.prior.map(([a, acc]) => [addressKey(a), acc])), { remove: undo.model });
}

export function encodeUndo(u: Undo): Uint8Array {
  const w = new Writer().varint('count', u.prior.length, 32);
  for (const [address, acc] of u.prior) {
    w.fixed('address', address, ADDRESS_LENGTH);
    writeAccount(w, acc);
  }
  w.varint('hasModel', u.model ? 1 : 0, 1);
  if (u.model) w.fixed('model', u.model, MODEL_DIGEST_LENGTH);
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
  const model = r.uint('hasModel', 1) === 1 ? r.fixed('model', MODEL_DIGEST_LENGTH) : undefined;
  r.end('undo');
  return { prior, ...(model && { model }) };
}
