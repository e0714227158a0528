// The checks of a proposal's content (src/consensus/proposal-checks.ts), each written as the proposer of a bad
// grammar or data set would make it: the test grammars are grammars/cnn-v2.bnf with one small edit each.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { utf8Bytes } from '../../../src/codec/bytes.js';
import { toHex } from '../../../src/codec/hex.js';
import { sha3_256 } from '../../../src/crypto/hash.js';
import { segmentRoot } from '../../../src/crypto/segment-tree.js';
import type { ProposeGrammarPayload } from '../../../src/chain/tx/propose-grammar/payload.js';
import type { ProposeProblemPayload } from '../../../src/chain/tx/propose-problem/payload.js';
import { validationDigest, type Problem } from '../../../src/consensus/problem.js';
import { checkGrammarProposal, checkProblemProposal } from '../../../src/consensus/proposal-checks.js';
import { grammarFromBytes } from '../../../src/grammar/from-bytes.js';
import { grammarId } from '../../../src/grammar/id.js';
import { DEFAULT_GRAMMAR_PATH } from '../../../src/io/grammar-file.js';
import { encodePack } from '../../../src/ml/data/pack.js';
import { idxImages, idxLabels } from '../ml/data/fixtures.js';

const V2 = readFileSync(DEFAULT_GRAMMAR_PATH, 'utf8');
const v2 = grammarFromBytes(utf8Bytes(V2), 'cnn-v2.bnf').grammar;
/** cnn-v2's classifier input on 28x28x1 is at most 252 features: a validation split needs 4 × 252 samples. */
const V2_HEAD = 252;

function edited(from: string, to: string): Uint8Array {
  assert.ok(V2.includes(from), `cnn-v2.bnf has "${from}"`);
  return utf8Bytes(V2.replace(from, to));
}

const digits: Problem = {
  dataset: 'default',
  input: { kind: 'image', h: 28, w: 28, c: 1 },
  classes: 10,
  metric: 'accuracy',
  validationDigest: new Uint8Array(32),
  threshold: { mode: 'fixed', startBp: 9900, floorBp: 9300, decayBp: 5, decaySeconds: 1 },
  maxModelBytes: 4 << 20,
};

function grammarPayload(file: Uint8Array, id = grammarId(file)): ProposeGrammarPayload {
  return { kind: 'propose-grammar', grammarId: id, fileRoot: segmentRoot(file), fileSize: file.length, deposit: 1n };
}

function fault(result: object): string {
  assert.ok('fault' in result, 'the check finds a fault');
  return result.fault as string;
}

describe('grammar proposals', () => {
  test('cnn-v2.bnf as proposed passes, with its grammar id', () => {
    const file = utf8Bytes(V2);
    const r = checkGrammarProposal(grammarPayload(file), file, digits);
    assert.ok('grammar' in r, 'fault' in r ? r.fault : '');
    assert.equal(toHex(r.grammarId), toHex(grammarId(file)));
    assert.deepEqual(r.grammar, v2);
  });

  const refused: [string, Uint8Array, RegExp][] = [
    ['does not parse', edited('<net>       ::=', '<net>       ::'), /^grammar: line \d+: expected `<name> ::= \.\.\.`/],
    [
      'does not terminate within its depth',
      edited('# max-depth: 8', '# max-depth: 3'),
      /^grammar: line \d+: max depth 3 is below minDepth\(<net>\) = \d+$/,
    ],
    [
      'names a statement the semantics do not know',
      edited('<reduce>    ::= gap |', '<reduce>    ::= gapp |'),
      /^grammar: line \d+: terminal "gapp": /,
    ],
    [
      'fails the entropy bound',
      edited('<dropout>   ::= dropout <rate>', '<dropout>   ::= dropout 0.1'),
      /^the grammar fails grammar check --strict: its most likely phenotype has probability above 2\^-64 \(min [\d.]+ bits\)$/,
    ],
    [
      'fails the head bound',
      edited('<filters-sq> ::= 8 |', '<filters-sq> ::= 200 | 8 |'),
      /^the grammar fails grammar check --strict: its classifier input reaches 1800 features on 28x28x1 \(limit 1024\)$/,
    ],
    [
      'does not build for the input',
      edited('<kernel-1>  ::= 3 1 same', '<kernel-1>  ::= 29 1 valid | 3 1 same'),
      /^the grammar fails grammar check --strict: legalisation skips statements on 28x28x1$/,
    ],
  ];
  for (const [kind, file, reason] of refused) {
    test(`a grammar that ${kind} is refused with its reason`, () => {
      assert.match(fault(checkGrammarProposal(grammarPayload(file), file, digits)), reason);
    });
  }

  test('a file whose grammar id is not the payload’s, or that is not the named object, is refused', () => {
    const file = utf8Bytes(V2);
    const other = sha3_256(utf8Bytes('another grammar'));
    assert.equal(
      fault(checkGrammarProposal(grammarPayload(file, other), file, digits)),
      `the grammar's id is ${toHex(grammarId(file))}, the proposal's ${toHex(other)}`,
    );
    const swapped = utf8Bytes(V2.replace('| 87\n', '| 88\n'));
    assert.equal(swapped.length, file.length);
    assert.match(
      fault(checkGrammarProposal(grammarPayload(file), swapped, digits)),
      /^the grammar file's root is [0-9a-f]{64}, the proposal names [0-9a-f]{64}$/,
    );
    assert.equal(
      fault(checkGrammarProposal(grammarPayload(file), file.subarray(1), digits)),
      `the grammar file is ${file.length - 1} bytes, the proposal names ${file.length}`,
    );
  });
});

/** A manifest data set of 28x28 one-channel digits-like images: `validation` samples held out, 3 classes. */
function manifestPack(validation: number, edit: (files: Record<string, Uint8Array>) => void = () => {}) {
  const files: Record<string, Uint8Array> = {
    'train-images': idxImages(6, 28, 28, (i) => (i * 7) % 256),
    'train-labels': idxLabels([0, 1, 2, 0, 1, 2]),
    'validation-images': idxImages(validation, 28, 28, (i) => (i * 13) % 256),
    'validation-labels': idxLabels(Array.from({ length: validation }, (_, i) => i % 3)),
  };
  const manifest = {
    name: 'three',
    input: { kind: 'image', h: 28, w: 28, c: 1 },
    classes: 3,
    metric: 'macro-f1',
    files: Object.fromEntries(Object.entries(files).map(([n, b]) => [n, toHex(sha3_256(b))])),
    train: { images: 'train-images', labels: 'train-labels' },
    validation: { images: 'validation-images', labels: 'validation-labels' },
  };
  edit(files);
  return encodePack([
    { name: 'manifest.json', bytes: utf8Bytes(JSON.stringify(manifest)) },
    ...Object.keys(files)
      .sort()
      .map((name) => ({ name, bytes: files[name] })),
  ]);
}

function problemPayload(pack: Uint8Array, fields: Partial<ProposeProblemPayload> = {}): ProposeProblemPayload {
  return {
    kind: 'propose-problem',
    name: utf8Bytes('three'),
    dataRoot: segmentRoot(pack),
    dataSize: pack.length,
    input: { kind: 'image', h: 28, w: 28, c: 1 },
    classes: 3,
    metric: 'macro-f1',
    threshold: digits.threshold,
    maxModelBytes: 4 << 20,
    deposit: 1n,
    ...fields,
  };
}

const proposalId = sha3_256(utf8Bytes('the proposal'));

describe('problem proposals', () => {
  test('a data set with 4 × the head bound of validation samples passes: its problem, id and data set', () => {
    const pack = manifestPack(4 * V2_HEAD);
    const r = checkProblemProposal(problemPayload(pack), proposalId, pack, v2);
    assert.ok('problem' in r, 'fault' in r ? r.fault : '');
    assert.deepEqual(r.problemId, proposalId);
    assert.equal(r.dataset.validation.count, 4 * V2_HEAD);
    assert.deepEqual(r.problem, {
      dataset: toHex(segmentRoot(pack)),
      input: { kind: 'image', h: 28, w: 28, c: 1 },
      classes: 3,
      metric: 'macro-f1',
      validationDigest: validationDigest(r.dataset.validation),
      threshold: digits.threshold,
      maxModelBytes: 4 << 20,
    });
  });

  test('a pack that does not decode is refused', () => {
    const pack = utf8Bytes('not a pack at all');
    assert.match(
      fault(checkProblemProposal(problemPayload(pack), proposalId, pack, v2)),
      /^data set: data pack: 110 files; a pack holds 1 to 64$/,
    );
  });

  test('a data file that does not match its manifest hash is refused, naming it', () => {
    const pack = manifestPack(4 * V2_HEAD, (files) => {
      files['validation-labels'] = idxLabels(Array.from({ length: 4 * V2_HEAD }, () => 0));
    });
    assert.match(
      fault(checkProblemProposal(problemPayload(pack), proposalId, pack, v2)),
      /^data set: validation-labels: SHA3-256 [0-9a-f]{64} does not match the manifest's [0-9a-f]{64}$/,
    );
  });

  test('a pack other than the named object is refused', () => {
    const pack = manifestPack(4 * V2_HEAD);
    const other = manifestPack(4 * V2_HEAD, (files) => {
      files['train-labels'] = idxLabels([2, 1, 0, 0, 1, 2]);
    });
    assert.match(
      fault(checkProblemProposal(problemPayload(pack), proposalId, other, v2)),
      /^the data pack's root is [0-9a-f]{64}, the proposal names [0-9a-f]{64}$/,
    );
  });

  test('a payload whose shape, classes or metric differ from the data set is refused', () => {
    const pack = manifestPack(4 * V2_HEAD);
    const check = (fields: Partial<ProposeProblemPayload>) =>
      fault(checkProblemProposal(problemPayload(pack, fields), proposalId, pack, v2));
    assert.equal(
      check({ input: { kind: 'image', h: 28, w: 28, c: 3 } }),
      "the data set has input 28x28x1, the proposal's 28x28x3",
    );
    assert.equal(check({ classes: 4 }), "the data set has 3 classes, the proposal's 4");
    assert.equal(check({ metric: 'accuracy' }), "the data set has metric macro-f1, the proposal's accuracy");
  });

  test('a validation split below 4 × the grammar’s head bound is refused: a pool the head could memorise', () => {
    const pack = manifestPack(4 * V2_HEAD - 1);
    assert.equal(
      fault(checkProblemProposal(problemPayload(pack), proposalId, pack, v2)),
      `the validation split has ${4 * V2_HEAD - 1} samples, below 4 × the grammar's head bound ${V2_HEAD} = ${4 * V2_HEAD}`,
    );
  });

  test('a data set the active grammar does not build for is refused', () => {
    const n = 4 * V2_HEAD;
    const csv = Array.from({ length: n }, (_, i) => `${i % 2},${(i % 5) / 5},${(i % 3) / 3}`).join('\n');
    const bytes = utf8Bytes(csv);
    const manifest = {
      name: 'flat',
      input: { kind: 'flat', n: 2 },
      classes: 2,
      metric: 'accuracy',
      files: { 'all.csv': toHex(sha3_256(bytes)) },
      train: { csv: 'all.csv' },
      validation: { csv: 'all.csv' },
    };
    const pack = encodePack([
      { name: 'manifest.json', bytes: utf8Bytes(JSON.stringify(manifest)) },
      { name: 'all.csv', bytes },
    ]);
    const payload = problemPayload(pack, { input: { kind: 'flat', n: 2 }, classes: 2, metric: 'accuracy' });
    assert.equal(
      fault(checkProblemProposal(payload, proposalId, pack, v2)),
      'the active grammar does not build for the input: legalisation skips statements on 2',
    );
  });
});
