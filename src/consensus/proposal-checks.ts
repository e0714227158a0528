// The checks of a proposal's content before it activates (docs/PROTOCOL.md 7.7): a winner whose stored object
// fails them is lost, its deposit burnt. Pure: the node fetches the object and passes its bytes in, so every node
// given the same bytes reaches the same verdict; a fault is a string for people, never an exception.
import { analyseHead, checkStatementLanguage, inputFaults, strictFaults } from '../arch/grammar-analysis.js';
import { describeShape } from '../arch/describe.js';
import type { Shape } from '../arch/ir.js';
import { bytesEqual, toHex } from '../codec/hex.js';
import { segmentRoot } from '../crypto/segment-tree.js';
import type { ProposeGrammarPayload } from '../chain/tx/propose-grammar/payload.js';
import type { ProposeProblemPayload } from '../chain/tx/propose-problem/payload.js';
import { GrammarError } from '../grammar/errors.js';
import { grammarFromBytes } from '../grammar/from-bytes.js';
import type { Grammar } from '../grammar/types.js';
import { DatasetError, type Dataset } from '../ml/data/dataset.js';
import { datasetFromFiles, decodePack } from '../ml/data/pack.js';
import { MAX_MODEL_BYTES } from '../ml/model/codec.js';
import { validationDigest, type Problem } from './problem.js';

/** The validation split must hold at least this many samples per feature of the classifier input (5.8). */
export const VALIDATION_PER_HEAD_FEATURE = 4;

export type ProblemCheck = { problem: Problem; problemId: Uint8Array; dataset: Dataset } | { fault: string };
export type GrammarCheck = { grammar: Grammar; grammarId: Uint8Array } | { fault: string };

/**
 * A problem proposal's data set (`pack`, the stored object its payload names) judged with `grammar`, the grammar
 * active when it would activate. The problem's id is the proposal id (7.3).
 */
export function checkProblemProposal(
  payload: ProposeProblemPayload,
  proposalId: Uint8Array,
  pack: Uint8Array,
  grammar: Grammar,
): ProblemCheck {
  const object = objectFault('data pack', pack, payload.dataRoot, payload.dataSize);
  if (object) return { fault: object };
  let dataset: Dataset;
  try {
    dataset = datasetFromFiles(decodePack(pack));
  } catch (err) {
    if (err instanceof DatasetError) return { fault: `data set: ${err.message}` };
    throw err;
  }
  const differs = [
    !sameShape(dataset.input, payload.input) &&
      `input ${describeShape(dataset.input)}, the proposal's ${describeShape(payload.input)}`,
    dataset.classes !== payload.classes && `${dataset.classes} classes, the proposal's ${payload.classes}`,
    dataset.metric !== payload.metric && `metric ${dataset.metric}, the proposal's ${payload.metric}`,
  ].filter((d) => d !== false);
  if (differs.length > 0) return { fault: `the data set has ${differs.join('; ')}` };
  if (payload.maxModelBytes > MAX_MODEL_BYTES) {
    return { fault: `a maximum model size of ${payload.maxModelBytes} bytes (at most ${MAX_MODEL_BYTES})` };
  }
  const head = analyseHead(grammar, payload.input, payload.classes);
  const unfit = inputFaults(head, payload.input);
  if (unfit.length > 0) return { fault: `the active grammar does not build for the input: ${unfit.join('; ')}` };
  const needed = VALIDATION_PER_HEAD_FEATURE * head.headBound;
  if (dataset.validation.count < needed) {
    return {
      fault:
        `the validation split has ${dataset.validation.count} samples, below ${VALIDATION_PER_HEAD_FEATURE} × the ` +
        `grammar's head bound ${head.headBound} = ${needed}`,
    };
  }
  const problem: Problem = {
    dataset: toHex(payload.dataRoot),
    input: payload.input,
    classes: payload.classes,
    metric: payload.metric,
    validationDigest: validationDigest(dataset.validation),
    threshold: payload.threshold,
    maxModelBytes: payload.maxModelBytes,
  };
  return { problem, problemId: proposalId, dataset };
}

/** A grammar proposal's file (the stored object its payload names) judged on `problem`, the problem then active. */
export function checkGrammarProposal(payload: ProposeGrammarPayload, file: Uint8Array, problem: Problem): GrammarCheck {
  const object = objectFault('grammar file', file, payload.fileRoot, payload.fileSize);
  if (object) return { fault: object };
  let loaded;
  try {
    loaded = grammarFromBytes(file, 'proposed grammar');
    checkStatementLanguage(loaded.grammar);
  } catch (err) {
    if (err instanceof GrammarError) return { fault: `grammar: line ${err.line}: ${err.reason}` };
    throw err;
  }
  if (!bytesEqual(loaded.id, payload.grammarId)) {
    return { fault: `the grammar's id is ${toHex(loaded.id)}, the proposal's ${toHex(payload.grammarId)}` };
  }
  const faults = strictFaults(
    loaded.grammar,
    analyseHead(loaded.grammar, problem.input, problem.classes),
    problem.input,
  );
  if (faults.length > 0) return { fault: `the grammar fails grammar check --strict: ${faults.join('; ')}` };
  return { grammar: loaded.grammar, grammarId: loaded.id };
}

/** Why `bytes` is not the stored object (root, size) the payload names, or undefined. */
function objectFault(what: string, bytes: Uint8Array, root: Uint8Array, size: number): string | undefined {
  if (bytes.length !== size) return `the ${what} is ${bytes.length} bytes, the proposal names ${size}`;
  const actual = segmentRoot(bytes);
  if (!bytesEqual(actual, root)) return `the ${what}'s root is ${toHex(actual)}, the proposal names ${toHex(root)}`;
  return undefined;
}

function sameShape(a: Shape, b: Shape): boolean {
  return a.kind === 'image' && b.kind === 'image'
    ? a.h === b.h && a.w === b.w && a.c === b.c
    : a.kind === 'flat' && b.kind === 'flat' && a.n === b.n;
}
