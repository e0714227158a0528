import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { derivePhenotype, deriveTerminals, deriveTrace } from '../../../src/grammar/derive.js';
import { parseGrammar } from '../../../src/grammar/parse.js';

const bytes = (...b: number[]) => new Uint8Array(b);

describe('deriveTerminals', () => {
  const g = parseGrammar('<s> ::= <a> <b>\n<a> ::= x | y | z\n<b> ::= 0 | 1');

  test('takes i = m mod n, m = m div n leftmost, restarting m := H when m < n', () => {
    // m = 5: <s> has one alternative (nothing consumed); <a>: 5 mod 3 = 2 -> z, m = 1;
    // <b>: 1 < 2 so m := 5, 5 mod 2 = 1 -> 1.
    assert.deepEqual(deriveTerminals(g, bytes(5)), ['z', '1']);
    // m = 0x0100 = 256: 256 mod 3 = 1 -> y, m = 85; 85 mod 2 = 1 -> 1.
    assert.equal(derivePhenotype(g, bytes(1, 0)), 'y 1');
    assert.equal(derivePhenotype(g, bytes(0, 0)), 'x 0');
  });

  test('reads H big-endian', () => {
    // m = 7: 7 mod 3 = 1 -> y, m = 2; 2 mod 2 = 0 -> 0. Little-endian (1792) would give y 1.
    assert.equal(derivePhenotype(g, bytes(0, 7)), 'y 0');
  });

  test('only alternatives that can end within the max depth are allowed', () => {
    const list = parseGrammar('# max-depth: 3\n<s> ::= x <s> | y');
    // depth 1 and 2 have two choices; depth 3 only y, which consumes nothing.
    assert.equal(derivePhenotype(list, bytes(2)), 'x x y'); // 2 mod 2 = 0, m = 1 < 2 so m := 2, 0 again
    assert.equal(derivePhenotype(list, bytes(0xff)), 'y');
    assert.equal(derivePhenotype(list, bytes(...new Array(64).fill(0))), 'x x y');
  });
});

describe('deriveTrace', () => {
  const g = parseGrammar('<s> ::= <a> <b>\n<a> ::= x | y | z\n<b> ::= 0 | 1');

  test('records each expansion: the rule, its allowed alternatives, m (reset to H when below n) and i', () => {
    const { steps, phenotype } = deriveTrace(g, bytes(5));
    assert.equal(phenotype, 'z 1');
    const shown = steps.map((s) => ({
      rule: g.rules[s.rule].name,
      depth: s.depth,
      n: s.allowed.length,
      m: s.m,
      reset: s.reset,
      chosen: s.chosen,
    }));
    assert.deepEqual(shown, [
      { rule: 's', depth: 1, n: 1, m: undefined, reset: false, chosen: 0 },
      { rule: 'a', depth: 2, n: 3, m: 5n, reset: false, chosen: 2 },
      // m = 5 div 3 = 1 < 2: m := H = 5, 5 mod 2 = 1.
      { rule: 'b', depth: 2, n: 2, m: 5n, reset: true, chosen: 1 },
    ]);
  });

  test('only alternatives that fit the depth bound are offered', () => {
    const list = parseGrammar('# max-depth: 3\n<l> ::= x <l> | y');
    const { steps, phenotype } = deriveTrace(list, bytes(2));
    assert.equal(phenotype, derivePhenotype(list, bytes(2)));
    assert.deepEqual(
      steps.map((s) => s.allowed.length),
      [2, 2, 1],
    );
  });
});
