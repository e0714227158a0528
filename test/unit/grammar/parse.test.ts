import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { GrammarError } from '../../../src/grammar/errors.js';
import { parseGrammar } from '../../../src/grammar/parse.js';
import type { GrammarSymbol } from '../../../src/grammar/types.js';

const names = (text: string) => {
  const g = parseGrammar(text);
  const symbol = (s: GrammarSymbol) => (s.kind === 'terminal' ? s.text : `<${g.rules[s.rule].name}>`);
  return g.rules.map((r) => `${r.name}:${r.alternatives.map((a) => a.symbols.map(symbol).join(' ')).join('|')}`);
};

describe('parseGrammar', () => {
  test('reads rules, continuation lines, quotes, comments and the max-depth header', () => {
    const text = ['# max-depth: 7', '<s> ::= <a> "x y" # comment', "  | 'a#|b' <a>", '<a> ::= 1|2'].join('\n');
    assert.equal(parseGrammar(text).maxDepth, 7);
    assert.deepEqual(names(text), ['s:<a> x y|a#|b <a>', 'a:1|2']);
  });

  test('defaults max depth to 16, and an option overrides the header', () => {
    assert.equal(parseGrammar('<s> ::= a').maxDepth, 16);
    assert.equal(parseGrammar('# max-depth: 3\n<s> ::= a', { maxDepth: 9 }).maxDepth, 9);
  });

  test('minDepth follows recursion to the shallowest terminating alternative', () => {
    const g = parseGrammar('<s> ::= <l> <l>\n<l> ::= x <l> | <d>\n<d> ::= 0 | 1');
    assert.deepEqual(
      g.rules.map((r) => r.minDepth),
      [3, 2, 1],
    );
  });

  const bad: [string, string, number, RegExp][] = [
    ['undefined nonterminal', '<s> ::= a\n<t> ::= <u> b', 2, /undefined nonterminal <u>/],
    ['no terminating alternative', '<s> ::= a | <t>\n\n<t> ::= b <t>', 3, /<t> has no terminating alternative/],
    ['empty alternative between bars', '<s> ::= a | | b', 1, /empty alternative/],
    ['empty alternative at the end', '<s> ::= a |', 1, /empty alternative/],
    ['empty rule', '<s> ::=', 1, /empty alternative/],
    ['unbalanced quote', '<s> ::= a\n<t> ::= "b', 2, /unbalanced " quote/],
    ['empty quoted terminal', "<s> ::= ''", 1, /empty quoted terminal/],
    ['duplicate rule', '<s> ::= a\n<t> ::= b\n<s> ::= c', 3, /duplicate rule <s> \(first on line 1\)/],
    [
      'max depth below minDepth',
      '# max-depth: 2\n<s> ::= <t>\n<t> ::= <u>\n<u> ::= x',
      1,
      /max depth 2 is below minDepth\(<s>\) = 3/,
    ],
    ['bad max-depth header', '# max-depth: zero\n<s> ::= a', 1, /max-depth must be an integer from 1 to 999/],
    ['malformed nonterminal', '<s> ::= <a', 1, /malformed nonterminal <a/],
    ['continuation without rule', '| a', 1, /continuation line needs a rule/],
    ['line without ::=', '<s> ::= a\nb c', 2, /expected `<name> ::= \.\.\.`/],
    ['two ::= on a line', '<s> ::= a ::= b', 1, /unexpected `::=`/],
    ['no rules', '# nothing', 1, /no rules/],
  ];
  for (const [what, text, line, message] of bad) {
    test(`rejects ${what} naming line ${line}`, () => {
      assert.throws(
        () => parseGrammar(text),
        (err: unknown) => err instanceof GrammarError && err.line === line && message.test(err.message),
      );
    });
  }

  test('a very long alternative or a line of very many alternatives parses (no spread of them onto the stack)', () => {
    // 400,000 symbols or alternatives threw "RangeError: Maximum call stack size exceeded" (Math.max(...) and
    // push(...)), an error other than GrammarError, found probing the grammar fuzz target with large inputs.
    const n = 400_000;
    const long = parseGrammar('<s> ::= ' + '<a> '.repeat(n) + '\n<a> ::= relu');
    assert.equal(long.rules[0].alternatives[0].symbols.length, n);
    assert.equal(long.rules[0].minDepth, 2);
    const wide = parseGrammar('<s> ::= relu\n  ' + '| relu '.repeat(n));
    assert.equal(wide.rules[0].alternatives.length, n + 1);
  });
});
