import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyseHead, checkStatementLanguage } from '../../../src/arch/grammar-analysis.js';
import { inferShapes, layerOutputShape, shapeSize, type Shape } from '../../../src/arch/ir.js';
import { phenotypeToArchitecture, statementLayers } from '../../../src/arch/semantics.js';
import { parseStatements } from '../../../src/arch/semantics-statements.js';
import { GrammarError } from '../../../src/grammar/errors.js';
import { loadGrammar } from '../../../src/io/grammar-file.js';
import { parseGrammar } from '../../../src/grammar/parse.js';
import { enumerateDerivations } from '../grammar/helpers.js';

const image = (side: number): Shape => ({ kind: 'image', h: side, w: side, c: 1 });

/** The head bound, skips and inserted flattens of a grammar, phenotype by phenotype over every derivation. */
function bruteForce(text: string, input: Shape) {
  let headBound = 0;
  let skipsStatements = false;
  let insertsFlatten = false;
  for (const { terminals } of enumerateDerivations(parseGrammar(text))) {
    const arch = phenotypeToArchitecture(terminals, input, 10);
    const shapes = inferShapes(arch);
    headBound = Math.max(headBound, shapeSize(shapes[arch.layers.findIndex((l) => l.type === 'dense')]));
    let shape = input;
    for (const statement of parseStatements(terminals)) {
      const layers = statementLayers(statement, shape);
      if (layers.length === 0) skipsStatements = true;
      if (layers.length > 1) insertsFlatten = true;
      for (const l of layers) shape = layerOutputShape(l, shape);
    }
  }
  return { headBound, skipsStatements, insertsFlatten };
}

// Small statement grammars: shapes that depend on several choices, skips, inserted flattens, dense before the end.
const SMALL = [
  '<s> ::= <c> <c> <r>\n<c> ::= conv <f> <k> 1 <p> relu | maxpool 2 2 | avgpool 3 2\n<f> ::= 4 | 7 | 9\n<k> ::= 1 | 3 | 5\n' +
    '<p> ::= same | valid\n<r> ::= flatten | gap | dense 5 | flatten dense 3',
  '<s> ::= <c> <h>\n<c> ::= conv <f> 3 2 same | conv <f> 5 1 valid bn\n<f> ::= 2 | 8 | 16\n<h> ::= gap dense 7 <t> | <t>\n' +
    '<t> ::= dropout 0.5 | conv 4 3 1 same | dense 9 relu dense 4',
  '# max-depth: 6\n<s> ::= conv 3 3 1 same <s> | maxpool 2 2 <s> | flatten',
];

describe('analyseHead', () => {
  for (const text of SMALL) {
    for (const side of [4, 9, 28]) {
      test(`equals brute force on ${side}x${side}x1: ${text.split('\n').find((l) => l.startsWith('<'))}`, () => {
        const { headBound, skipsStatements, insertsFlatten } = analyseHead(parseGrammar(text), image(side), 10);
        assert.deepEqual({ headBound, skipsStatements, insertsFlatten }, bruteForce(text, image(side)));
      });
    }
  }

  test('finds the bounds of v1 (6272 features, skips) and v2 (252 features, no skips, no inserts) on 28x28x1', () => {
    const v1 = analyseHead(loadGrammar('grammars/cnn-v1.bnf').grammar, image(28), 10);
    assert.deepEqual([v1.headBound, v1.skipsStatements], [6272, true]);
    const v2 = analyseHead(loadGrammar('grammars/cnn-v2.bnf').grammar, image(28), 10);
    assert.deepEqual([v2.headBound, v2.skipsStatements, v2.insertsFlatten], [252, false, false]);
  });
});

describe('checkStatementLanguage', () => {
  const bad: [string, string, number, RegExp][] = [
    [
      'an unknown statement',
      '<s> ::= conv 8 3 1 same <a>\n<a> ::= relu | softmax',
      2,
      /terminal "softmax": unknown statement "softmax"/,
    ],
    [
      'a bad argument',
      '<s> ::= conv <f> 3 1 same\n<f> ::= 8 | 08',
      2,
      /terminal "08": filters must be a positive integer/,
    ],
    ['a bad padding', '<s> ::= conv 8 3 1 <p>\n\n<p> ::= same | full', 3, /padding must be same or valid/],
    ['a bad rate', '<s> ::= relu dropout <r>\n<r> ::= 0.5 | 1.0', 2, /dropout rate must be a decimal/],
    [
      'a phenotype ending inside a statement',
      '<s> ::= relu <d>\n<d> ::= dense 8 | dense',
      1,
      /can end inside a `dense` statement, where units was expected/,
    ],
    [
      'an argument only some contexts make wrong',
      '<s> ::= <a> 3\n<a> ::= relu | dense',
      1,
      /terminal "3": unknown statement "3"/,
    ],
  ];
  for (const [what, text, line, message] of bad) {
    test(`refuses ${what}, naming line ${line}`, () => {
      assert.throws(
        () => checkStatementLanguage(parseGrammar(text)),
        (e: unknown) => e instanceof GrammarError && e.line === line && message.test(e.message),
      );
    });
  }

  test('accepts a statement split over nonterminals, and v1 and v2', () => {
    checkStatementLanguage(parseGrammar('<s> ::= <a> 3 1 same relu\n<a> ::= conv 8 | conv 16'));
    checkStatementLanguage(loadGrammar('grammars/cnn-v1.bnf').grammar);
    checkStatementLanguage(loadGrammar('grammars/cnn-v2.bnf').grammar);
  });

  test('runs when a grammar file is loaded: an unknown terminal is refused there, naming file and line', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'coinai-grammar-')), 'unknown.bnf');
    writeFileSync(file, '<s> ::= conv 8 3 1 same <a>\n<a> ::= relu | swish\n');
    assert.throws(
      () => loadGrammar(file),
      (e: unknown) =>
        e instanceof GrammarError &&
        e.line === 2 &&
        e.message === `${file}: line 2: terminal "swish": unknown statement "swish"`,
    );
  });
});
