// `coinai train` end to end on the bundled digits with a tiny network, and its input errors.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readModelFile } from '../../../../src/io/model-file.js';

const dir = mkdtempSync(join(tmpdir(), 'coinai-train-'));
const archFile = join(dir, 'tiny.json');
writeFileSync(
  archFile,
  JSON.stringify({
    input: { kind: 'image', h: 28, w: 28, c: 1 },
    classes: 10,
    layers: [
      { type: 'conv2d', filters: 4, kernel: 3, stride: 2, padding: 'valid' },
      { type: 'activation', fn: 'relu' },
      { type: 'flatten' },
      { type: 'dense', units: 10 },
    ],
  }),
);

function coinai(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8' });
}

describe('coinai train', () => {
  it('trains an IR JSON architecture and writes a model file', () => {
    const out = join(dir, 'm.cai');
    const r = coinai(
      'train',
      '--arch',
      archFile,
      '--data',
      'default',
      '--epochs',
      '1',
      '--optimizer',
      'sgd',
      '--lr',
      '0.05',
      '--out',
      out,
      '--json',
    );
    assert.equal(r.status, 0, r.stderr);
    const summary = JSON.parse(r.stdout);
    assert.equal(summary.epochs, 1);
    assert.ok(summary.validationAccuracy > 0.8, `accuracy ${summary.validationAccuracy}`);
    const { model } = readModelFile(out);
    assert.equal(model.arch.layers.length, 4);
    assert.equal(model.params[0].length, 4 * 9);
  });

  it('needs exactly one architecture source', () => {
    const r = coinai('train', '--data', 'default', '--epochs', '1');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /exactly one of --hash, --phenotype, --arch/);
  });

  it('names a bad option value', () => {
    const r = coinai('train', '--arch', archFile, '--optimizer', 'rmsprop');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /--optimizer must be one of sgd, adam/);
  });

  it('names an architecture file that does not fit the data', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({ input: { kind: 'flat', n: 5 }, classes: 10, layers: [{ type: 'dense', units: 10 }] }),
    );
    const r = coinai('train', '--arch', bad, '--epochs', '1');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /takes 5 .*into 10 classes/);
  });
});
