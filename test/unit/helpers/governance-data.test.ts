// The governance end-to-end test's second problem: a data set folder every node loads, large enough for the head
// bound of both grammars of the test, and different from the digits it is made from.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyseHead } from '../../../src/arch/grammar-analysis.js';
import { loadDataset } from '../../../src/io/data/load.js';
import { loadGrammar } from '../../../src/io/grammar-file.js';
import type { Dataset } from '../../../src/ml/data/dataset.js';
import {
  INVERTED_CLASSES,
  INVERTED_INPUT,
  TRAIN_SAMPLES,
  VALIDATION_SAMPLES,
  writeInvertedDigits,
} from '../../helpers/governance-data.js';

const GRAMMARS = ['../../../grammars/cnn-v2.bnf', '../../fixtures/cnn-v2-small.bnf'].map((p) =>
  fileURLToPath(new URL(p, import.meta.url)),
);

let dir: string;
let data: Dataset;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coinai-inverted-'));
  data = loadDataset(await writeInvertedDigits(join(dir, 'inverted')));
});
after(() => rm(dir, { recursive: true, force: true }));

describe('the inverted digits', () => {
  test('load as a manifest folder of 28x28x1 images in 10 classes', () => {
    assert.equal(data.name, 'inverted-digits');
    assert.deepEqual(data.input, INVERTED_INPUT);
    assert.equal(data.classes, INVERTED_CLASSES);
    assert.equal(data.metric, 'accuracy');
    assert.equal(data.train.count, TRAIN_SAMPLES);
    assert.equal(data.validation.count, VALIDATION_SAMPLES);
  });

  test('every class is in both splits', () => {
    for (const split of [data.train, data.validation])
      assert.equal(new Set(split.y).size, INVERTED_CLASSES, `classes ${[...new Set(split.y)]}`);
  });

  test('the validation split holds 4 x the head bound of both grammars on its input', () => {
    for (const file of GRAMMARS) {
      const { headBound, skipsStatements } = analyseHead(loadGrammar(file).grammar, INVERTED_INPUT, INVERTED_CLASSES);
      assert.ok(VALIDATION_SAMPLES >= 4 * headBound, `${file}: head bound ${headBound}`);
      assert.equal(skipsStatements, false, `${file} builds on the input without skips`);
    }
  });

  test('the images are the digits inverted: mostly white, unlike the digits', () => {
    const mean = (x: Float32Array) => x.reduce((a, b) => a + b, 0) / x.length;
    const digits = loadDataset('default');
    assert.ok(mean(data.validation.x) > 0.75, `mean pixel ${mean(data.validation.x)}`);
    assert.ok(Math.abs(mean(data.validation.x) - (1 - mean(digits.validation.x))) < 0.05);
  });
});
