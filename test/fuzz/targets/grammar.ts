// A grammar file as the node loads it (src/io/grammar-file.ts without the file read): the text is parsed and
// resolved (src/grammar/parse.ts), then every terminal is checked against the statement language
// (src/arch/grammar-analysis.ts).
import { readFileSync } from 'node:fs';
import { checkStatementLanguage } from '../../../src/arch/grammar-analysis.js';
import { GrammarError } from '../../../src/grammar/errors.js';
import { grammarFromBytes, type LoadedGrammar } from '../../../src/grammar/from-bytes.js';
import type { Target } from '../harness.js';

const SMALL = [
  '<s> ::= dense 4',
  '# max-depth: 7\n<s> ::= <a> "dense" \'3\' # comment\n  | \'dropout\' "0.5" <a> dense 2\n<a> ::= relu | bn',
  '<s> ::= <l> <l>\n<l> ::= relu <l> | <d>\n<d> ::= dense 1 | dense 2',
  '<net> ::= conv <f> 3 1 same relu maxpool 2 2 flatten\r\n<f> ::= 8 | 16\r\n',
  '# max-depth: 999\n<s> ::= relu | <s> relu',
];

function check(loaded: LoadedGrammar): string | undefined {
  const { rules, maxDepth } = loaded.grammar;
  if (!(Number.isInteger(maxDepth) && maxDepth >= 1)) return `max depth ${maxDepth}`;
  if (rules.length === 0 || rules[0].minDepth > maxDepth) return 'the start symbol cannot end within the max depth';
  for (const r of rules) {
    if (!Number.isFinite(r.minDepth)) return `<${r.name}> has no finite minDepth`;
    for (const a of r.alternatives) {
      if (a.symbols.length === 0) return `<${r.name}> has an empty alternative`;
      for (const s of a.symbols) if (s.kind === 'nonterminal' && !rules[s.rule]) return `a dangling rule index`;
    }
  }
  return undefined;
}

export const grammarTarget: Target<LoadedGrammar> = {
  name: 'grammar',
  about: 'grammarFromBytes + checkStatementLanguage (src/grammar/parse.ts, src/arch/grammar-analysis.ts)',
  seeds: () => [
    ...['cnn-v1.bnf', 'cnn-v2.bnf'].map(
      (f) => new Uint8Array(readFileSync(new URL(`../../../grammars/${f}`, import.meta.url))),
    ),
    ...SMALL.map((t) => new TextEncoder().encode(t)),
  ],
  decode: (bytes) => {
    const loaded = grammarFromBytes(bytes, 'fuzz.bnf');
    checkStatementLanguage(loaded.grammar);
    return loaded;
  },
  isRejection: (err) => err instanceof GrammarError,
  check,
  dictionary: [
    '::=',
    ' | ',
    '|',
    '\n',
    '\n  | ',
    '<',
    '>',
    '<s>',
    '<net>',
    '"',
    "'",
    '#',
    '# max-depth: ',
    '# max-depth: 999\n',
    ' conv ',
    ' dense ',
    ' relu ',
    ' dropout ',
    ' maxpool ',
    ' flatten ',
    ' gap ',
    ' bn ',
    ' same ',
    ' valid ',
    ' 0 ',
    ' 1 ',
    ' 0.5 ',
    ' 65536 ',
    ' 4294967296 ',
  ],
  maxInputBytes: 16 * 1024,
  memoryFactor: 256,
};
