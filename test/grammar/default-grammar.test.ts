import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { architectureCost } from '../../src/arch/cost.js';
import { inferShapes, type Shape } from '../../src/arch/ir.js';
import { phenotypeToArchitecture } from '../../src/arch/semantics.js';
import { sha3_512 } from '../../src/crypto/hash.js';
import { countDerivations, isSurjective } from '../../src/grammar/count.js';
import { deriveTerminals } from '../../src/grammar/derive.js';
import { loadGrammar } from '../../src/io/grammar-file.js';
import { countParses } from './helpers.js';

const { grammar } = loadGrammar();
const hashes = Array.from({ length: 10_000 }, (_, i) => sha3_512(Buffer.from(`random hash ${i}`)));

describe('default grammar', () => {
  test('has at least 10^6 phenotypes, every one reached by a hash', () => {
    assert.equal(countDerivations(grammar), 204532672810620672n);
    assert.ok(isSurjective(grammar));
  });

  test('every derived architecture builds for 28x28x1/10, 8x8x1/10 and flat 30/2', () => {
    const targets: [Shape, number][] = [
      [{ kind: 'image', h: 28, w: 28, c: 1 }, 10],
      [{ kind: 'image', h: 8, w: 8, c: 1 }, 10],
      [{ kind: 'flat', n: 30 }, 2],
    ];
    for (const hash of hashes) {
      const terminals = deriveTerminals(grammar, hash);
      for (const [input, classes] of targets) inferShapes(phenotypeToArchitecture(terminals, input, classes));
    }
  });

  test('stays small on 28x28x1: params and forward FLOPs within the trainable budget', () => {
    for (const hash of hashes.slice(0, 2000)) {
      const arch = phenotypeToArchitecture(deriveTerminals(grammar, hash), { kind: 'image', h: 28, w: 28, c: 1 }, 10);
      const cost = architectureCost(arch, 32);
      assert.ok(cost.params <= 500_000 && cost.flops <= 20_000_000, `${cost.params} params, ${cost.flops} flops`);
    }
  });

  test('is unambiguous on a sample: each derived phenotype has exactly one derivation', () => {
    for (const hash of hashes.slice(0, 300)) assert.equal(countParses(grammar, deriveTerminals(grammar, hash)), 1n);
  });
});
