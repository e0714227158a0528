// Small IDX files and data set folders built in memory, for the data tests.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { toHex } from '../../../../src/codec/hex.js';
import { sha3_256 } from '../../../../src/crypto/hash.js';
import { encodeIdxImages, encodeIdxLabels } from '../../../../src/ml/data/idx.js';

export function idxImages(count: number, h: number, w: number, pixel: (i: number) => number): Uint8Array {
  return encodeIdxImages(
    count,
    h,
    w,
    Uint8Array.from({ length: count * h * w }, (_, i) => pixel(i)),
  );
}

export function idxLabels(labels: number[]): Uint8Array {
  return encodeIdxLabels(Uint8Array.from(labels));
}

/** The files of a tiny manifest data set (a gzipped IDX train split, a CSV validation split), manifest.json too. */
export function tinyManifestFiles(): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {
    'ti.gz': gzipSync(idxImages(3, 2, 2, (i) => i)),
    tl: idxLabels([0, 1, 2]),
    'v.csv': new TextEncoder().encode('2,0,255,51,102\n1,1,2,3,4\n'),
  };
  const manifest = {
    name: 'tiny',
    input: { kind: 'image', h: 2, w: 2, c: 1 },
    classes: 3,
    metric: 'accuracy',
    files: Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, toHex(sha3_256(bytes))])),
    train: { images: 'ti.gz', labels: 'tl' },
    validation: { csv: 'v.csv', scale: 255 },
  };
  return { ...files, 'manifest.json': new TextEncoder().encode(JSON.stringify(manifest)) };
}

/** A new temporary folder holding `files`. */
export function writeFolder(files: Record<string, Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'coinai-data-'));
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  return dir;
}
