import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { log2Tenths, maxChoiceProduct, minChoiceProduct } from '../../../src/grammar/count.js';
import { deriveTerminals } from '../../../src/grammar/derive.js';
import { parseGrammar } from '../../../src/grammar/parse.js';
import { enumerateDerivations, hashForChoices } from './helpers.js';

// Small grammars whose derivations differ in how many choices they make and how wide each is.
const SMALL = [
  '# max-depth: 6\n<s> ::= x <s> | y',
  '<s> ::= <a> <b> | c\n<a> ::= x | y | z\n<b> ::= 0 | 1',
  '# max-depth: 6\n<l> ::= <i> , <l> | <i>\n<i> ::= a | b <n>\n<n> ::= 1 | 2 | 3',
  '# max-depth: 5\n<e> ::= ( <e> + <e> ) | <v>\n<v> ::= p | q',
  '# max-depth: 7\n<net> ::= <conv> <rest>\n<rest> ::= <conv> <rest> | gap | flatten <dense>\n' +
    '<conv> ::= conv <k> <act>\n<k> ::= 1 | 3 | 5\n<act> ::= relu | tanh\n<dense> ::= dense 8 | dense 16 | dense 32 | dense 64 | dense 128',
  '<s> ::= <w> | <n> <n>\n<w> ::= a | b | c | d | e | f | g | h | i\n<n> ::= 0 | 1',
];

const product = (choices: { n: number }[]) => choices.reduce((p, c) => p * BigInt(c.n), 1n);

describe('minChoiceProduct and maxChoiceProduct', () => {
  for (const text of SMALL) {
    const g = parseGrammar(text);
    const label = text.split('\n').find((l) => l.startsWith('<'));
    test(`equal the least and largest product of choice counts over enumerated derivations: ${label}`, () => {
      const products = enumerateDerivations(g).map((d) => product(d.choices));
      assert.equal(
        minChoiceProduct(g),
        products.reduce((a, b) => (a < b ? a : b)),
      );
      assert.equal(
        maxChoiceProduct(g),
        products.reduce((a, b) => (a > b ? a : b)),
      );
    });

    // Restarts need H below the largest choice product M, so every 2-byte hash from M up derives without one.
    const m = Number(maxChoiceProduct(g));
    if (m > 16384) continue;
    test(`the most likely derivation's share of hashes is about 1 / minChoiceProduct: ${label}`, () => {
      const all = enumerateDerivations(g);
      const best = all.reduce((a, b) => (product(a.choices) <= product(b.choices) ? a : b));
      const target = best.terminals.join(' ');
      assert.equal(deriveTerminals(g, hashForChoices(best.choices, 2)).join(' '), target);
      let hits = 0;
      for (let h = m; h < 65536; h++) {
        if (deriveTerminals(g, new Uint8Array([h >> 8, h & 255])).join(' ') === target) hits++;
      }
      const expected = (65536 - m) / Number(minChoiceProduct(g));
      assert.ok(Math.abs(hits - expected) <= 1, `${hits} hits, expected ${expected}`);
    });
  }

  test('a wide choice on a short derivation decides the minimum, not the many narrow ones beside it', () => {
    // <w> alone: 2 * 9 = 18; <n> <n>: 2 * 2 * 2 = 8.
    assert.equal(minChoiceProduct(parseGrammar(SMALL[5])), 8n);
    assert.equal(maxChoiceProduct(parseGrammar(SMALL[5])), 18n);
  });
});

describe('log2Tenths', () => {
  test('is log2 with one decimal, rounded down, exactly', () => {
    assert.deepEqual([1n, 2n, 3n, 4n, 1000n].map(log2Tenths), [0, 1, 1.5, 2, 9.9]);
    assert.equal(log2Tenths(1n << 64n), 64);
    assert.equal(log2Tenths((1n << 64n) - 1n), 63.9);
    // 2^6.4 = 84.4..., so 84 is just under 6.4 bits and 85 just over.
    assert.deepEqual([log2Tenths(84n), log2Tenths(85n)], [6.3, 6.4]);
    assert.throws(() => log2Tenths(0n), RangeError);
  });
});
