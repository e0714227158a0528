import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const coinai = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8' });

describe('coinai arch and grammar check', () => {
  test('arch --json prints the phenotype, layers and cost of a hash', () => {
    const r = coinai('arch', '--hash', '00'.repeat(64), '--json');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(
      out.phenotype,
      'conv 8 3 1 same relu maxpool 2 2 dropout 0.005 conv 16 3 1 same relu maxpool 2 2 dropout 0.005 ' +
        'conv 24 3 1 same relu maxpool 2 2 dropout 0.005 gap dense 32 relu dropout 0.005',
    );
    assert.deepEqual(out.layers.at(-1), { type: 'dense', units: 10 });
    assert.deepEqual([out.params, out.flops], [5858, 926448]);
    assert.equal(typeof out.memoryBytes, 'number');
  });

  test('arch rejects a malformed hash with one line and exit 1', () => {
    const r = coinai('arch', '--hash', 'ab'.repeat(63));
    assert.equal(r.status, 1);
    assert.equal(
      r.stderr,
      `error: --hash must be 128 hex digits (64 bytes), not '${'ab'.repeat(16)}…' (126 characters)\n`,
    );
  });

  test('grammar check --json reports depths and the exact phenotype count', () => {
    const r = coinai('grammar', 'check', 'grammars/cnn-v1.bnf', '--json');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual([out.minDepth, out.maxDepth, out.phenotypes, out.surjective], [5, 16, '204532672810620672', true]);
    assert.ok(out.params.min > 0 && out.params.max >= out.params.min);
  });

  test('grammar check --json reports v2 entropy, head bound and legalisation exactly', () => {
    const r = coinai('grammar', 'check', 'grammars/cnn-v2.bnf', '--json');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual([out.maxDepth, out.phenotypes, out.surjective], [8, '25596611955648607813632000000', true]);
    assert.deepEqual(
      [out.minBits, out.minChoiceProduct, out.maxProbability],
      [67.2, '180347394745958400000', '1/180347394745958400000'],
    );
    assert.deepEqual([out.input, out.classes, out.headBound, out.headLimit], ['28x28x1', 10, 252, 1024]);
    assert.deepEqual([out.skipsStatements, out.insertsFlatten], [false, false]);
  });

  test('grammar check --strict passes v2 and refuses v1, saying why', () => {
    assert.equal(coinai('grammar', 'check', 'grammars/cnn-v2.bnf', '--strict').status, 0);
    const r = coinai('grammar', 'check', 'grammars/cnn-v1.bnf', '--strict');
    assert.equal(r.status, 1);
    assert.equal(
      r.stderr,
      'error: grammars/cnn-v1.bnf fails --strict: its most likely phenotype has probability above 2^-64 (min 14.9 bits); ' +
        'its classifier input reaches 6272 features on 28x28x1 (limit 1024); legalisation skips statements on 28x28x1\n',
    );
  });

  test('grammar check --strict refuses a grammar whose head is too wide on the given --input', () => {
    const r = coinai('grammar', 'check', 'grammars/cnn-v2.bnf', '--strict', '--input', '64x64x1', '--json');
    assert.equal(r.status, 1);
    assert.ok(JSON.parse(r.stdout).headBound > 1024);
    assert.match(r.stderr, /classifier input reaches \d+ features on 64x64x1 \(limit 1024\)/);
  });

  test('grammar check names the file and line of an error', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'coinai-grammar-')), 'bad.bnf');
    writeFileSync(file, '<s> ::= <a>\n<a> ::= x | <b>\n');
    const r = coinai('grammar', 'check', file);
    assert.equal(r.status, 1);
    assert.equal(r.stderr, `error: ${file}: line 2: undefined nonterminal <b>\n`);
  });
});
