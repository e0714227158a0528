import assert from 'node:assert/strict';
import { test } from 'node:test';
import { constants, gzipSync } from 'node:zlib';
import { DatasetError } from '../../../../src/ml/data/dataset.js';
import { gunzip } from '../../../../src/ml/data/gunzip.js';

function sample(n: number, alphabet: number, seed: number): Buffer {
  const out = Buffer.alloc(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    out[i] = (s >> 16) % alphabet;
  }
  return out;
}

test('gunzip gives zlib’s output for stored, fixed and dynamic blocks, long matches and a file name header', () => {
  const cases: [Buffer, object][] = [
    [Buffer.alloc(0), {}],
    [sample(100_000, 256, 1), { level: 0 }],
    [sample(70_000, 4, 2), { strategy: constants.Z_FIXED }],
    [sample(200_000, 3, 3), { level: 9 }],
    [Buffer.alloc(300_000, 7), { strategy: constants.Z_RLE }],
    [sample(50_000, 256, 4), { strategy: constants.Z_HUFFMAN_ONLY }],
  ];
  for (const [data, options] of cases) {
    assert.deepEqual(Buffer.from(gunzip(gzipSync(data, options), 'f', data.length)), data);
  }
  // FNAME and FCOMMENT set (flags 8 | 16): a header zlib itself reads.
  const named = gzipSync(Buffer.from('hello'));
  const withName = Buffer.concat([
    named.subarray(0, 3),
    Buffer.from([0x18]),
    named.subarray(4, 10),
    Buffer.from('a.csv\0c\0'),
    named.subarray(10),
  ]);
  assert.equal(Buffer.from(gunzip(withName, 'f', 5)).toString(), 'hello');
});

test('gunzip refuses damaged gzip with its reason, naming the file', () => {
  const data = sample(10_000, 5, 9);
  const gz = gzipSync(data);
  const refused = (bytes: Uint8Array, why: RegExp, max = data.length) =>
    assert.throws(
      () => gunzip(bytes, 'x.gz', max),
      (err: unknown) => err instanceof DatasetError && err.message.startsWith('x.gz: ') && why.test(err.message),
    );
  const edit = (at: number, value: number) => Uint8Array.from(gz, (b, i) => (i === at ? value : b));
  refused(edit(gz.length - 8, gz[gz.length - 8] ^ 1), /CRC-32 mismatch/);
  refused(edit(3, 0x20), /reserved header flags/);
  refused(edit(2, 7), /not a deflate gzip member/);
  refused(Buffer.concat([gz.subarray(0, 40), gz.subarray(gz.length - 8)]), /truncated|invalid|longer|shorter/);
  refused(
    Buffer.concat([gz.subarray(0, gz.length - 8), Buffer.from([0, 0]), gz.subarray(gz.length - 8)]),
    /2 bytes after the compressed data/,
  );
  // A trailer that declares fewer bytes than the stream holds: the output never grows past what was declared.
  const short = Uint8Array.from(gz);
  new DataView(short.buffer).setUint32(short.length - 4, data.length - 1, true);
  refused(short, /longer than its declared size/);
  refused(gz, /gzip content of 10000 bytes exceeds the limit of 9999 bytes/, data.length - 1);
});
