import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DecodeError } from '../../../src/codec/errors.js';
import { fromHex } from '../../../src/codec/hex.js';
import { Reader } from '../../../src/codec/reader.js';
import { Writer } from '../../../src/codec/writer.js';

const rejects = (fn: () => unknown, field: string, reason: RegExp) =>
  assert.throws(fn, (e: unknown) => e instanceof DecodeError && e.field === field && reason.test(e.reason));

describe('Reader / Writer', () => {
  test('varints round-trip at every width up to their limit', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (v) => {
        const r = new Reader(new Writer().varint('v', v, 128).finish());
        assert.equal(r.varint('v', 128), v);
        r.end('v');
      }),
    );
    assert.deepEqual(new Writer().varint('v', 300, 16).finish(), Uint8Array.of(0xac, 0x02));
  });

  test('rejects a non-minimal varint, naming the field', () => {
    rejects(() => new Reader(Uint8Array.of(0x80, 0x00)).varint('fee', 64), 'fee', /non-minimal/);
    rejects(() => new Reader(Uint8Array.of(0x81, 0x00)).varint('fee', 64), 'fee', /non-minimal/);
  });

  test('rejects values over the field width and numbers over their limit', () => {
    rejects(() => new Reader(new Writer().varint('x', 1n << 64n, 65).finish()).varint('nonce', 64), 'nonce', /exceeds/);
    rejects(() => new Reader(Uint8Array.of(0x80, 0x80, 0x04)).varint('kind', 16), 'kind', /exceeds 2\^16-1/);
    rejects(() => new Reader(Uint8Array.of(0x80, 0x80, 0x80, 0x01)).varint('kind', 16), 'kind', /longer than 16 bits/);
    rejects(() => new Reader(Uint8Array.of(11)).uint('count', 10), 'count', /exceeds the limit 10/);
  });

  test('rejects truncation, over-limit lengths and trailing bytes', () => {
    rejects(() => new Reader(Uint8Array.of(1, 2)).fixed('sender', 32), 'sender', /truncated/);
    rejects(() => new Reader(Uint8Array.of(5, 1, 2, 3, 4, 5)).varBytes('memo', 4), 'memo length', /limit 4/);
    const r = new Reader(Uint8Array.of(1, 2));
    r.fixed('a', 1);
    rejects(() => r.end('transaction'), 'transaction', /1 trailing bytes/);
  });

  test('the writer refuses what the reader would reject', () => {
    assert.throws(() => new Writer().varint('amount', -1n, 128), RangeError);
    assert.throws(() => new Writer().varint('kind', 1 << 16, 16), RangeError);
    assert.throws(() => new Writer().fixed('sender', new Uint8Array(31), 32), RangeError);
    assert.throws(() => new Writer().varBytes('memo', new Uint8Array(5), 4), RangeError);
  });

  test('fromHex accepts exact even-length hex only', () => {
    assert.deepEqual(fromHex('h', '00fF'), Uint8Array.of(0, 255));
    rejects(() => fromHex('key', 'abc'), 'key', /not hex/);
    rejects(() => fromHex('key', 'zz'), 'key', /not hex/);
    rejects(() => fromHex('key', 'aabb', 3), 'key', /expected 3 bytes/);
  });
});
