// Static checks of a grammar against the semantics, over every phenotype at once (docs/PROTOCOL.md 3.3):
// - checkStatementLanguage: every terminal string the grammar derives is a sequence of complete, well-formed
//   statements. Run when a grammar is loaded, so a bad terminal is refused then, not when a hash reaches it.
// - analyseHead: for one input shape, the largest classifier input (the features reaching the first dense
//   layer, or the logits when there is none), and whether legalisation ever skips a statement or inserts a
//   flatten. Exact: the reader below is legalisation itself, run on the DP's states (src/grammar/abstract.ts).
// - strictFaults: what `coinai grammar check --strict` and a grammar proposal's checks refuse (3.2, 3.5).
import { reachableStates } from '../grammar/abstract.js';
import { log2Tenths, minChoiceProduct } from '../grammar/count.js';
import { GrammarError } from '../grammar/errors.js';
import type { Grammar } from '../grammar/types.js';
import { describeShape } from './describe.js';
import { layerOutputShape, shapeSize, type Shape } from './ir.js';
import { closingLayers, statementLayers } from './semantics.js';
import { expected, PhenotypeError, readTerminal, type OpenStatement, type ReadResult } from './semantics-statements.js';

/** The classifier input a grammar may have at most on the problem's input (docs/PROTOCOL.md 3.5). */
export const HEAD_LIMIT = 1024;

/** A governance grammar's most likely phenotype has probability at most 2^-MIN_BITS. */
export const MIN_BITS = 64;

/** Why the grammar fails the entropy bound (its most likely phenotype too likely), or undefined. */
export function entropyFault(grammar: Grammar): string | undefined {
  const minProduct = minChoiceProduct(grammar);
  if (minProduct >= 1n << BigInt(MIN_BITS)) return undefined;
  return `its most likely phenotype has probability above 2^-${MIN_BITS} (min ${log2Tenths(minProduct)} bits)`;
}

/** Why a grammar with this head analysis does not suit the input: a head over HEAD_LIMIT, skipped statements. */
export function inputFaults(head: HeadAnalysis, input: Shape): string[] {
  return [
    ...(head.headBound > HEAD_LIMIT
      ? [`its classifier input reaches ${head.headBound} features on ${describeShape(input)} (limit ${HEAD_LIMIT})`]
      : []),
    ...(head.skipsStatements ? [`legalisation skips statements on ${describeShape(input)}`] : []),
  ];
}

/** Everything `grammar check --strict` refuses, on this input and class count; empty when the grammar passes. */
export function strictFaults(grammar: Grammar, head: HeadAnalysis, input: Shape): string[] {
  const entropy = entropyFault(grammar);
  return [...(entropy === undefined ? [] : [entropy]), ...inputFaults(head, input)];
}

/** Refuses (GrammarError naming the line) a grammar some derivation of which is not a sequence of statements. */
export function checkStatementLanguage(grammar: Grammar): void {
  // Validity of the next terminal depends only on the open keyword and how many arguments it has: key on those.
  const { final } = reachableStates<OpenStatement | undefined>(grammar, undefined, {
    key: (open) => (open ? `${open.keyword}/${open.args.length}` : ''),
    terminal: (open, text, alt) => read(open, text, alt.line).open,
  });
  const unfinished = final.find((open) => open !== undefined);
  if (unfinished) {
    throw new GrammarError(
      grammar.rules[0].line,
      `a phenotype can end inside a \`${unfinished.keyword}\` statement, where ${expected(unfinished)} was expected`,
    );
  }
}

export interface HeadAnalysis {
  /** The largest number of features reaching the first dense layer (or the logits), over every phenotype. */
  headBound: number;
  /** Whether some phenotype has a statement that legalisation skips on this input. */
  skipsStatements: boolean;
  /** Whether some phenotype has a dense on an image, before which legalisation inserts a flatten. */
  insertsFlatten: boolean;
  /** Distinct reader states at the end (how many (head, flags) outcomes there are) and the DP's entries. */
  finalStates: number;
  entries: number;
}

interface HeadState {
  open: OpenStatement | undefined;
  shape: Shape;
  /** Features into the first dense layer, once one has been met. */
  head: number | undefined;
  skipped: boolean;
  inserted: boolean;
}

export function analyseHead(grammar: Grammar, input: Shape, classes: number): HeadAnalysis {
  checkStatementLanguage(grammar);
  const initial: HeadState = { open: undefined, shape: input, head: undefined, skipped: false, inserted: false };
  const { final, entries } = reachableStates<HeadState>(grammar, initial, {
    key: (s) => JSON.stringify([s.open?.keyword, s.open?.args, s.shape, s.head, s.skipped, s.inserted]),
    terminal: (s, text, alt) => {
      const r = read(s.open, text, alt.line);
      if (!r.statement) return { ...s, open: r.open };
      const layers = statementLayers(r.statement, s.shape);
      let { shape, head } = s;
      for (const layer of layers) {
        if (layer.type === 'dense' && head === undefined) head = shapeSize(shape);
        shape = layerOutputShape(layer, shape);
      }
      // Past the first dense layer the shape is flat for good and its size no longer matters: forget it.
      if (head !== undefined) shape = { kind: 'flat', n: 0 };
      return {
        open: undefined,
        shape,
        head,
        skipped: s.skipped || layers.length === 0,
        inserted: s.inserted || layers.length > 1,
      };
    },
  });
  let headBound = 0;
  for (const s of final) {
    let { shape, head } = s;
    for (const layer of closingLayers(shape, classes)) {
      if (layer.type === 'dense' && head === undefined) head = shapeSize(shape);
      shape = layerOutputShape(layer, shape);
    }
    headBound = Math.max(headBound, head!);
  }
  return {
    headBound,
    skipsStatements: final.some((s) => s.skipped),
    insertsFlatten: final.some((s) => s.inserted),
    finalStates: final.length,
    entries,
  };
}

function read(open: OpenStatement | undefined, text: string, line: number): ReadResult {
  try {
    return readTerminal(open, text);
  } catch (err) {
    if (err instanceof PhenotypeError) throw new GrammarError(line, `terminal "${text}": ${err.message}`);
    throw err;
  }
}
