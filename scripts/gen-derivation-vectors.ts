// Writes test/spec/vectors/derivation.json: work hashes and the phenotypes (and 28x28x1 costs) the default grammar
// derives from them. Run `node --import tsx scripts/gen-derivation-vectors.ts` after a deliberate grammar change.
import { writeFileSync } from 'node:fs';
import { architectureCost } from '../src/arch/cost.js';
import { phenotypeToArchitecture } from '../src/arch/semantics.js';
import { toHex } from '../src/codec/hex.js';
import { sha3_512 } from '../src/crypto/hash.js';
import { deriveTerminals } from '../src/grammar/derive.js';
import { loadGrammar } from '../src/io/grammar-file.js';

const GRAMMAR = 'grammars/cnn-v2.bnf';
const INPUT = { kind: 'image', h: 28, w: 28, c: 1 } as const;
const CLASSES = 10;
const BATCH = 32;

const edge = [0x00, 0xff].map((b) => new Uint8Array(64).fill(b));
const one = new Uint8Array(64);
one[63] = 1;
const top = new Uint8Array(64);
top[0] = 0x80;
const sampled = Array.from({ length: 60 }, (_, i) => sha3_512(Buffer.from(`coinai derivation vector ${i}`)));

const { id, grammar } = loadGrammar(GRAMMAR);
const vectors = [...edge, one, top, ...sampled].map((hash) => {
  const terminals = deriveTerminals(grammar, hash);
  const { params, flops, memoryBytes } = architectureCost(phenotypeToArchitecture(terminals, INPUT, CLASSES), BATCH);
  return { hash: toHex(hash), phenotype: terminals.join(' '), params, flops, memoryBytes };
});
const file = {
  grammar: GRAMMAR,
  grammarId: toHex(id),
  maxDepth: grammar.maxDepth,
  input: '28x28x1',
  classes: CLASSES,
  batch: BATCH,
  vectors,
};
writeFileSync('test/spec/vectors/derivation.json', JSON.stringify(file, null, 2) + '\n');
process.stdout.write(`wrote ${vectors.length} vectors\n`);
