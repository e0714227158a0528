import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { architectureCost } from '../../../src/arch/cost.js';
import { inferShapes, type Architecture, type Layer } from '../../../src/arch/ir.js';
import { phenotypeToArchitecture } from '../../../src/arch/semantics.js';
import { parseStatements } from '../../../src/arch/semantics-statements.js';
import { sha3_512 } from '../../../src/crypto/hash.js';
import { countDerivations, isSurjective, minChoiceProduct } from '../../../src/grammar/count.js';
import { bytesToBigInt, deriveTerminals } from '../../../src/grammar/derive.js';
import { DEFAULT_GRAMMAR_PATH, loadGrammar } from '../../../src/io/grammar-file.js';
import { allowedAlternatives, type Grammar, type GrammarSymbol } from '../../../src/grammar/types.js';
import { ByteWriter } from '../../../src/ml/model/binary.js';
import { encodeArch } from '../../../src/ml/model/arch-codec.js';
import { countParses, hashForChoices, type Derivation } from './helpers.js';

// Loaded the way a chain loads the grammar its config names: loadGrammar on a file of the grammars folder.
const { grammar } = loadGrammar(join(dirname(DEFAULT_GRAMMAR_PATH), 'cnn-v2.bnf'));
const INPUT = { kind: 'image', h: 28, w: 28, c: 1 } as const;
const hashes = Array.from({ length: 3000 }, (_, i) => sha3_512(Buffer.from(`v2 hash ${i}`)));

/** The phenotype an architecture of v2 came from, read back layer by layer (the logits dropped). */
function phenotypeOf(arch: Architecture): string {
  const text = (l: Layer): string => {
    switch (l.type) {
      case 'conv2d':
        return `conv ${l.filters} ${l.kernel} ${l.stride} ${l.padding}`;
      case 'maxPool2d':
      case 'avgPool2d':
        return `${l.type === 'maxPool2d' ? 'maxpool' : 'avgpool'} ${l.size} ${l.stride}`;
      case 'globalAvgPool':
        return 'gap';
      case 'flatten':
        return 'flatten';
      case 'batchNorm':
        return 'bn';
      case 'activation':
        return l.fn;
      case 'dropout':
        return `dropout ${l.rate}`;
      case 'dense':
        return `dense ${l.units}`;
    }
  };
  return arch.layers.slice(0, -1).map(text).join(' ');
}

/** The choices the derivation rule makes for a hash (without restarts, which 512-bit hashes never reach in v2). */
function choicesOf(g: Grammar, hash: Uint8Array): Derivation['choices'] {
  let m = bytesToBigInt(hash);
  const choices: Derivation['choices'] = [];
  const stack: { symbol: GrammarSymbol; depth: number }[] = [{ symbol: { kind: 'nonterminal', rule: 0 }, depth: 1 }];
  while (stack.length > 0) {
    const { symbol, depth } = stack.pop()!;
    if (symbol.kind === 'terminal') continue;
    const allowed = allowedAlternatives(g, g.rules[symbol.rule], depth);
    let i = 0;
    if (allowed.length > 1) {
      i = Number(m % BigInt(allowed.length));
      m /= BigInt(allowed.length);
      choices.push({ i, n: allowed.length });
    }
    for (let k = allowed[i].symbols.length - 1; k >= 0; k--)
      stack.push({ symbol: allowed[i].symbols[k], depth: depth + 1 });
  }
  return choices;
}

const encode = (arch: Architecture) => {
  const w = new ByteWriter();
  encodeArch(w, arch);
  return Buffer.from(w.finish()).toString('hex');
};

describe('grammar v2 (grammars/cnn-v2.bnf)', () => {
  test('has 2.56e28 phenotypes, each reached by a hash and none with probability above 2^-64', () => {
    assert.equal(countDerivations(grammar), 25596611955648607813632000000n);
    assert.ok(isSurjective(grammar));
    assert.ok(minChoiceProduct(grammar) >= 1n << 64n);
  });

  test('legalisation keeps every statement on 28x28x1 and appends only the logits', () => {
    for (const hash of hashes) {
      const terminals = deriveTerminals(grammar, hash);
      const arch = phenotypeToArchitecture(terminals, INPUT, 10);
      inferShapes(arch);
      assert.equal(arch.layers.length, parseStatements(terminals).length + 1, terminals.join(' '));
      assert.deepEqual(arch.layers.at(-1), { type: 'dense', units: 10 });
      assert.equal(phenotypeOf(arch), terminals.join(' '));
    }
  });

  test('every dropout rate and count is written canonically, so reading an architecture back is exact', () => {
    for (const rule of grammar.rules) {
      for (const alt of rule.alternatives) {
        for (const s of alt.symbols) {
          if (s.kind === 'terminal' && /^[0-9]/.test(s.text)) assert.equal(String(Number(s.text)), s.text);
        }
      }
    }
  });

  test('distinct phenotypes are distinct architectures, down to one changed choice', () => {
    for (const hash of hashes.slice(0, 40)) {
      const choices = choicesOf(grammar, hash);
      const base = deriveTerminals(grammar, hash).join(' ');
      const seen = new Map([[encode(phenotypeToArchitecture(base.split(' '), INPUT, 10)), base]]);
      choices.forEach((_c, j) => {
        const changed = choices.map((x, k) => (k === j ? { i: (x.i + 1 + (j % (x.n - 1))) % x.n, n: x.n } : x));
        const terminals = deriveTerminals(grammar, hashForChoices(changed));
        const arch = phenotypeToArchitecture(terminals, INPUT, 10);
        assert.notEqual(terminals.join(' '), base);
        const key = encode(arch);
        const other = seen.get(key);
        assert.ok(
          other === undefined || other === terminals.join(' '),
          `${other} and ${terminals.join(' ')} share an architecture`,
        );
        seen.set(key, terminals.join(' '));
      });
    }
  });

  test('is unambiguous on a sample: each derived phenotype has exactly one derivation', () => {
    for (const hash of hashes.slice(0, 200)) assert.equal(countParses(grammar, deriveTerminals(grammar, hash)), 1n);
  });

  test('stays trainable-sized on 28x28x1: params and forward FLOPs', () => {
    for (const hash of hashes.slice(0, 2000)) {
      const cost = architectureCost(phenotypeToArchitecture(deriveTerminals(grammar, hash), INPUT, 10), 64);
      assert.ok(cost.params <= 600_000 && cost.flops <= 30_000_000, `${cost.params} params, ${cost.flops} flops`);
    }
  });
});
