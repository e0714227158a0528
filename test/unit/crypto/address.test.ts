import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DecodeError } from '../../../src/codec/errors.js';
import { addressFromPublicKey, formatAddress, parseAddress } from '../../../src/crypto/address.js';
import { sha3_256 } from '../../../src/crypto/hash.js';

describe('address', () => {
  test('is the first 20 bytes of SHA3-256 of the public key', () => {
    const pk = new Uint8Array(32).fill(7);
    assert.deepEqual(addressFromPublicKey(pk), sha3_256(pk).slice(0, 20));
  });

  test('text form round-trips and is "cai" + 48 lowercase hex digits', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), (a) => {
        const text = formatAddress(a);
        assert.match(text, /^cai[0-9a-f]{48}$/);
        assert.deepEqual(parseAddress(text), a);
      }),
    );
  });

  test('rejects a wrong prefix, length, case or checksum with a DecodeError', () => {
    const good = formatAddress(new Uint8Array(20).fill(1));
    const flipped = good.slice(0, 10) + (good[10] === '0' ? '1' : '0') + good.slice(11);
    for (const [text, reason] of [
      ['cbx' + good.slice(3), /start with "cai"/],
      [good.slice(0, -2), /expected 48 hex/],
      [good.toUpperCase().replace('CAI', 'cai'), /lowercase/],
      [flipped, /checksum/],
    ] as const) {
      assert.throws(
        () => parseAddress(text, 'to'),
        (e: unknown) => e instanceof DecodeError && e.field === 'to' && reason.test(e.reason),
      );
    }
  });

  test('any string parses or throws DecodeError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        try {
          parseAddress('cai' + s);
        } catch (e) {
          assert.ok(e instanceof DecodeError);
        }
      }),
    );
  });
});
