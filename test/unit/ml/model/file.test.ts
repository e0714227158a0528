import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readModelFile, writeModelFile } from '../../../../src/io/model-file.js';
import { ModelFileError } from '../../../../src/ml/model/model.js';
import { randomModel } from '../../../../src/ml/model/random-model.js';

test('model files round-trip, and load errors name the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coinai-model-'));
  const model = randomModel({ input: { kind: 'flat', n: 4 }, classes: 2, layers: [{ type: 'dense', units: 2 }] }, 1);
  const path = join(dir, 'm.cai');
  const bytes = writeModelFile(path, model);
  assert.deepEqual(readModelFile(path).model, model);
  writeFileSync(path, bytes.subarray(0, bytes.length - 1));
  assert.throws(
    () => readModelFile(path),
    (e: Error) => e instanceof ModelFileError && e.message.startsWith(`${path}: `),
  );
  assert.throws(() => readModelFile(join(dir, 'missing.cai')), /missing\.cai: cannot read \(ENOENT\)/);
});
