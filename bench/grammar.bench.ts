// Hash -> phenotype -> architecture -> cost on the default grammar: the per-nonce overhead a miner pays
// before training. Target: well under a millisecond.
import { architectureCost } from '../src/arch/cost.js';
import { phenotypeToArchitecture } from '../src/arch/semantics.js';
import { sha3_512 } from '../src/crypto/hash.js';
import { deriveTerminals } from '../src/grammar/derive.js';
import { loadGrammar } from '../src/io/grammar-file.js';
import { ratePerSecond, table, type Bench } from './report.js';

const INPUT = { kind: 'image', h: 28, w: 28, c: 1 } as const;

export const bench: Bench = async () => {
  const { grammar } = loadGrammar();
  const hashes = Array.from({ length: 1024 }, (_, i) => sha3_512(Buffer.from(`bench ${i}`)));
  const terminals = hashes.map((h) => deriveTerminals(grammar, h));
  const archs = terminals.map((t) => phenotypeToArchitecture(t, INPUT, 10));
  let k = 0;
  const next = () => k++ % hashes.length;
  const stages: [string, () => unknown][] = [
    ['derive (hash -> phenotype)', () => deriveTerminals(grammar, hashes[next()])],
    ['semantics (phenotype -> architecture)', () => phenotypeToArchitecture(terminals[next()], INPUT, 10)],
    ['cost (params, FLOPs, memory)', () => architectureCost(archs[next()], 32)],
    [
      'all three',
      () => architectureCost(phenotypeToArchitecture(deriveTerminals(grammar, hashes[next()]), INPUT, 10), 32),
    ],
  ];
  const rows = [];
  for (const [name, fn] of stages) {
    const rate = await ratePerSecond(fn, 1, 1);
    rows.push([name, Math.round(rate).toLocaleString('en'), (1e6 / rate).toFixed(1)]);
  }
  return {
    title: 'Grammar: hash to architecture',
    body:
      table(['stage', 'per second', 'µs each'], rows) +
      '\n\nDefault grammar (grammars/cnn-v2.bnf), 1024 SHA3-512 hashes in turn, input 28x28x1, 10 classes, batch 32. ' +
      'Target: well under 1 ms per hash.',
  };
};
