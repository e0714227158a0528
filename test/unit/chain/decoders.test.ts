// Every decoder of consensus bytes, fed valid, random and mutated input: it returns an object that re-encodes to
// exactly its input, or throws a DecodeError; never anything else.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DecodeError } from '../../../src/codec/errors.js';
import { decodeAccount, encodeAccount } from '../../../src/chain/account.js';
import { decodeBlock, encodeBlock } from '../../../src/chain/block.js';
import { decodeHeader, encodeHeader } from '../../../src/chain/header.js';
import { decodeTransaction, encodeTransaction } from '../../../src/chain/transaction.js';
import { decodeUndo, encodeUndo } from '../../../src/chain/undo.js';
import { arbAccount, arbBlock, arbHeader, arbTransaction, arbUndo } from './arbitraries.js';

interface Codec<T> {
  name: string;
  arb: fc.Arbitrary<T>;
  encode(x: T): Uint8Array;
  decode(b: Uint8Array): T;
}

const codecs: Codec<any>[] = [
  { name: 'transaction', arb: arbTransaction, encode: encodeTransaction, decode: decodeTransaction },
  { name: 'header', arb: arbHeader, encode: encodeHeader, decode: decodeHeader },
  { name: 'block', arb: arbBlock, encode: encodeBlock, decode: decodeBlock },
  { name: 'account', arb: arbAccount, encode: encodeAccount, decode: decodeAccount },
  { name: 'undo', arb: arbUndo, encode: encodeUndo, decode: decodeUndo },
];

/** Valid bytes with one of: a byte changed, a byte inserted, a byte removed, a truncation, an extension. */
function mutated(valid: Uint8Array, at: number, byte: number, how: number): Uint8Array {
  const i = at % (valid.length + 1);
  const b = Array.from(valid);
  if (how === 0 && i < b.length) b[i] ^= byte || 1;
  else if (how === 1) b.splice(i, 0, byte);
  else if (how === 2) b.splice(i, 1);
  else if (how === 3) b.length = i;
  else b.push(byte);
  return Uint8Array.from(b);
}

function decodesCanonicallyOrRejects<T>(c: Codec<T>, bytes: Uint8Array): void {
  let decoded: T;
  try {
    decoded = c.decode(bytes);
  } catch (err) {
    assert.ok(err instanceof DecodeError, `${c.name}: threw ${String(err)}`);
    return;
  }
  assert.deepEqual(c.encode(decoded), bytes, `${c.name}: accepted bytes that are not canonical`);
}

for (const c of codecs) {
  describe(`${c.name} codec`, () => {
    test('decode(encode(x)) = x and encode(decode(bytes)) = bytes', () => {
      fc.assert(
        fc.property(c.arb, (x) => {
          const bytes = c.encode(x);
          assert.deepEqual(c.decode(bytes), x);
          assert.deepEqual(c.encode(c.decode(bytes)), bytes);
        }),
        { numRuns: 200 },
      );
    });

    test('random bytes decode canonically or throw DecodeError', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 600 }), (b) => decodesCanonicallyOrRejects(c, b)),
        { numRuns: 500 },
      );
    });

    test('mutated valid bytes decode canonically or throw DecodeError', () => {
      fc.assert(
        fc.property(c.arb, fc.nat(), fc.nat({ max: 255 }), fc.nat({ max: 4 }), (x, at, byte, how) =>
          decodesCanonicallyOrRejects(c, mutated(c.encode(x), at, byte, how)),
        ),
        { numRuns: 500 },
      );
    });
  });
}
