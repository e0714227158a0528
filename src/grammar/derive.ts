// The derivation rule (consensus-critical, docs/PROTOCOL.md): work hash H -> phenotype.
import { allowedAlternatives, type Alternative, type Grammar, type GrammarSymbol } from './types.js';
import { toHex } from '../codec/hex.js';

/** The big-endian unsigned integer of `bytes`. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt('0x' + toHex(bytes));
}

/** One nonterminal the derivation expanded, for showing how a hash drove the grammar. */
export interface DerivationStep {
  /** Index into grammar.rules. */
  readonly rule: number;
  readonly depth: number;
  /** The alternatives allowed at this depth, in file order. */
  readonly allowed: readonly Alternative[];
  /** m before the choice (after the reset to H when m < n); undefined when one alternative left nothing to draw. */
  readonly m?: bigint;
  /** Whether m had fallen below n and was reset to H. */
  readonly reset: boolean;
  /** i = m mod n: the index into `allowed` taken. */
  readonly chosen: number;
}

/**
 * Leftmost derivation from the start symbol (depth 1). At a nonterminal of depth d with n allowed alternatives:
 * n = 1 takes it and consumes nothing; otherwise, if m < n then m := H; i := m mod n; m := m div n.
 * Returns the terminals in order; `onStep`, when given, sees each expansion as it is made.
 */
export function deriveTerminals(grammar: Grammar, hash: Uint8Array, onStep?: (step: DerivationStep) => void): string[] {
  const h = bytesToBigInt(hash);
  let m = h;
  const terminals: string[] = [];
  // Pending symbols, the leftmost on top.
  const stack: { symbol: GrammarSymbol; depth: number }[] = [{ symbol: { kind: 'nonterminal', rule: 0 }, depth: 1 }];
  while (stack.length > 0) {
    const { symbol, depth } = stack.pop()!;
    if (symbol.kind === 'terminal') {
      terminals.push(symbol.text);
      continue;
    }
    const allowed = allowedAlternatives(grammar, grammar.rules[symbol.rule], depth);
    let i = 0;
    if (allowed.length > 1) {
      const n = BigInt(allowed.length);
      const reset = m < n;
      if (reset) m = h;
      i = Number(m % n);
      onStep?.({ rule: symbol.rule, depth, allowed, m, reset, chosen: i });
      m /= n;
    } else {
      onStep?.({ rule: symbol.rule, depth, allowed, reset: false, chosen: 0 });
    }
    const symbols = allowed[i].symbols;
    for (let k = symbols.length - 1; k >= 0; k--) stack.push({ symbol: symbols[k], depth: depth + 1 });
  }
  return terminals;
}

/** The phenotype as text: the terminals joined by single spaces. */
export function derivePhenotype(grammar: Grammar, hash: Uint8Array): string {
  return deriveTerminals(grammar, hash).join(' ');
}

/** The phenotype and every expansion that made it (deriveTerminals itself, recording its steps). */
export function deriveTrace(grammar: Grammar, hash: Uint8Array): { steps: DerivationStep[]; phenotype: string } {
  const steps: DerivationStep[] = [];
  const phenotype = deriveTerminals(grammar, hash, (step) => steps.push(step)).join(' ');
  return { steps, phenotype };
}
