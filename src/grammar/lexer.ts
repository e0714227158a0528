// Splits one line of a BNF grammar into tokens: `<name>`, `::=`, `|`, and terminals (bare or quoted).
// `#` outside quotes starts a comment to the end of the line.
import { GrammarError } from './errors.js';

export type Token =
  { kind: 'nonterminal'; name: string } | { kind: 'terminal'; text: string } | { kind: 'defines' } | { kind: 'bar' };

const NONTERMINAL = /^<([^<>\s]+)>$/;

export function lexLine(text: string, line: number): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '#') {
      break;
    } else if (ch === '|') {
      tokens.push({ kind: 'bar' });
      i++;
    } else if (ch === '"' || ch === "'") {
      const end = text.indexOf(ch, i + 1);
      if (end < 0) throw new GrammarError(line, `unbalanced ${ch} quote`);
      if (end === i + 1) throw new GrammarError(line, 'empty quoted terminal');
      tokens.push({ kind: 'terminal', text: text.slice(i + 1, end) });
      i = end + 1;
    } else {
      let end = i;
      while (end < text.length && !/[\s|#"']/.test(text[end])) end++;
      tokens.push(bareToken(text.slice(i, end), line));
      i = end;
    }
  }
  return tokens;
}

function bareToken(word: string, line: number): Token {
  if (word === '::=') return { kind: 'defines' };
  if (!word.startsWith('<')) return { kind: 'terminal', text: word };
  const m = NONTERMINAL.exec(word);
  if (!m) throw new GrammarError(line, `malformed nonterminal ${word} (write <name>, separated by spaces)`);
  return { kind: 'nonterminal', name: m[1] };
}
