import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { deriveTerminals, deriveTrace } from '../../../src/grammar/derive.js';
import { countDerivations, isSurjective, maxChoiceProduct, maxExpansions } from '../../../src/grammar/count.js';
import { parseGrammar } from '../../../src/grammar/parse.js';
import { enumerateDerivations, hashForChoices } from './helpers.js';

// Small unambiguous grammars: recursion, depth-dependent choices, several nonterminals per alternative.
const SMALL = [
  '# max-depth: 6\n<s> ::= x <s> | y',
  '<s> ::= <a> <b>\n<a> ::= x | y | z\n<b> ::= 0 | 1',
  '# max-depth: 6\n<l> ::= <i> , <l> | <i>\n<i> ::= a | b <n>\n<n> ::= 1 | 2 | 3',
  '# max-depth: 5\n<e> ::= ( <e> + <e> ) | <v>\n<v> ::= p | q',
  '# max-depth: 7\n<net> ::= <conv> <rest>\n<rest> ::= <conv> <rest> | gap | flatten <dense>\n' +
    '<conv> ::= conv <k> <act>\n<k> ::= 1 | 3 | 5\n<act> ::= relu | tanh\n<dense> ::= dense 8 | dense 16',
];

describe('countDerivations', () => {
  for (const text of SMALL) {
    const g = parseGrammar(text);
    const all = enumerateDerivations(g);
    const label = text.split('\n').find((l) => l.startsWith('<'));

    test(`equals the enumerated derivations and distinct phenotypes: ${label}`, () => {
      assert.equal(countDerivations(g), BigInt(all.length));
      assert.equal(new Set(all.map((d) => d.terminals.join(' '))).size, all.length);
    });

    test(`every phenotype is derived from some hash (surjective): ${label}`, () => {
      assert.ok(isSurjective(g));
      for (const d of all) assert.deepEqual(deriveTerminals(g, hashForChoices(d.choices)), d.terminals);
    });

    test(`maxExpansions is the longest derivation trace: ${label}`, () => {
      const lengths = all.map((d) => deriveTrace(g, hashForChoices(d.choices)).steps.length);
      assert.equal(maxExpansions(g), BigInt(Math.max(...lengths)));
    });
  }

  test('counts derivations, not strings, for an ambiguous grammar', () => {
    const g = parseGrammar('# max-depth: 4\n<s> ::= <s> <s> | a');
    const all = enumerateDerivations(g);
    assert.equal(countDerivations(g), BigInt(all.length));
    assert.ok(new Set(all.map((d) => d.terminals.join(' '))).size < all.length);
  });

  test('grows with the depth bound as the recursion allows', () => {
    const counts = [3, 4, 5, 8].map((d) => countDerivations(parseGrammar(`# max-depth: ${d}\n<s> ::= x <s> | y`)));
    assert.deepEqual(counts, [3n, 4n, 5n, 8n]);
  });
});

describe('maxChoiceProduct', () => {
  test('is the largest product of choice counts along one derivation', () => {
    const g = parseGrammar('<s> ::= <a> <b> | c\n<a> ::= x | y | z\n<b> ::= 0 | 1');
    assert.equal(maxChoiceProduct(g), 2n * 3n * 2n);
  });

  test('proves surjectivity for a hash length only while the product fits', () => {
    const g = parseGrammar('# max-depth: 8\n<s> ::= x <s> | y');
    assert.equal(maxChoiceProduct(g), 128n);
    assert.ok(isSurjective(g, 1));
    assert.ok(!isSurjective(parseGrammar('# max-depth: 9\n<s> ::= x <s> | y'), 1));
  });
});
