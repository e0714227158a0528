import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { architectureCost } from '../../../src/arch/cost.js';
import { parseShape } from '../../../src/arch/describe.js';
import { phenotypeToArchitecture } from '../../../src/arch/semantics.js';
import { fromHex, toHex } from '../../../src/codec/hex.js';
import { maxExpansions } from '../../../src/grammar/count.js';
import { derivePhenotype, deriveTerminals, deriveTrace } from '../../../src/grammar/derive.js';
import { loadGrammar } from '../../../src/io/grammar-file.js';

interface VectorFile {
  grammar: string;
  grammarId: string;
  maxDepth: number;
  input: string;
  classes: number;
  batch: number;
  vectors: { hash: string; phenotype: string; params: number; flops: number; memoryBytes: number }[];
}

const file: VectorFile = JSON.parse(readFileSync('test/spec/vectors/derivation.json', 'utf8'));

test('derivation vectors: grammar id, depth bound, phenotypes and costs', () => {
  const { id, grammar } = loadGrammar(file.grammar);
  assert.equal(toHex(id), file.grammarId);
  assert.equal(grammar.maxDepth, file.maxDepth);
  const hashes = file.vectors.map((v) => v.hash);
  assert.ok(file.vectors.length >= 50);
  assert.ok(hashes.includes('00'.repeat(64)) && hashes.includes('ff'.repeat(64)));
  for (const v of file.vectors) {
    const terminals = deriveTerminals(grammar, fromHex('hash', v.hash, 64));
    assert.equal(terminals.join(' '), v.phenotype, v.hash);
    const cost = architectureCost(
      phenotypeToArchitecture(terminals, parseShape(file.input)!, file.classes),
      file.batch,
    );
    assert.deepEqual(cost, { params: v.params, flops: v.flops, memoryBytes: v.memoryBytes }, v.hash);
  }
});

test('derivation vectors: the trace ends in the phenotype derivePhenotype gives, within maxExpansions steps', () => {
  const { grammar } = loadGrammar(file.grammar);
  const bound = maxExpansions(grammar);
  for (const v of file.vectors) {
    const hash = fromHex('hash', v.hash, 64);
    const { steps, phenotype } = deriveTrace(grammar, hash);
    assert.equal(phenotype, v.phenotype, v.hash);
    assert.equal(phenotype, derivePhenotype(grammar, hash), v.hash);
    assert.ok(BigInt(steps.length) <= bound, `${steps.length} steps, bound ${bound}`);
  }
});
