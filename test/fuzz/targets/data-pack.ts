// A proposed data set's pack (src/ml/data/pack.ts): one stored object holding the data set's files. Accepted packs
// must re-encode to the same bytes, so each file list has one encoding and one segment root.
import { utf8Bytes } from '../../../src/codec/bytes.js';
import { DatasetError } from '../../../src/ml/data/dataset.js';
import { decodePack, encodePack, type DataFile } from '../../../src/ml/data/pack.js';
import type { Target } from '../harness.js';

const file = (name: string, text: string): DataFile => ({ name, bytes: utf8Bytes(text) });

export const dataPackTarget: Target<DataFile[]> = {
  name: 'data-pack',
  about: 'decodePack (src/ml/data/pack.ts): a proposed data set as one stored object',
  seeds: () => [
    encodePack([file('manifest.json', '{"name":"tiny"}'), file('a.csv', '1,0,0\n'), file('sub/b.csv', '0,1,1\n')]),
    encodePack([file('manifest.json', '{}')]),
    encodePack(
      [
        'train-images-idx3-ubyte.gz',
        'train-labels-idx1-ubyte',
        't10k-images-idx3-ubyte',
        't10k-labels-idx1-ubyte.gz',
      ].map((name, i) => file(name, 'x'.repeat(i))),
    ),
  ],
  decode: decodePack,
  isRejection: (err) => err instanceof DatasetError,
  encode: encodePack,
  dictionary: ['manifest.json', '../', '/', '.gz', 'train-images-idx3-ubyte', '\u00ff'],
};
