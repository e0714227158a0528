// The statement language of phenotypes (docs/PROTOCOL.md): a keyword, then a fixed number of arguments.
// One table drives both the phenotype reader (parseStatements) and the grammar checks that read a grammar's
// terminals statement by statement before any hash reaches them (grammar-analysis.ts).
import { CodedError } from '../base/coded-error.js';
import type { Activation, Layer, Padding } from './ir.js';

/** A phenotype statement: the layer it asks for, before legalisation against shapes. */
export type Statement = Exclude<Layer, { type: 'globalAvgPool' | 'flatten' }> | { type: 'gap' } | { type: 'flatten' };

export class PhenotypeError extends CodedError<'invalid-phenotype'> {
  constructor(message: string) {
    super('invalid-phenotype', message, message);
  }
}

type ArgKind = 'count' | 'padding' | 'rate';
type ArgValue = number | string;

interface StatementSpec {
  args: readonly { kind: ArgKind; what: string }[];
  build(args: readonly ArgValue[]): Statement;
}

const ACTIVATIONS: readonly Activation[] = ['relu', 'tanh', 'sigmoid'];

const n = (v: ArgValue) => v as number;
const pool = (type: 'maxPool2d' | 'avgPool2d'): StatementSpec => ({
  args: [
    { kind: 'count', what: 'pool size' },
    { kind: 'count', what: 'pool stride' },
  ],
  build: ([size, stride]) => ({ type, size: n(size), stride: n(stride) }),
});

/** Every keyword of the language, with its arguments in order. */
const STATEMENTS: ReadonlyMap<string, StatementSpec> = new Map<string, StatementSpec>([
  ...ACTIVATIONS.map((fn): [string, StatementSpec] => [fn, { args: [], build: () => ({ type: 'activation', fn }) }]),
  [
    'conv',
    {
      args: [
        { kind: 'count', what: 'filters' },
        { kind: 'count', what: 'kernel' },
        { kind: 'count', what: 'stride' },
        { kind: 'padding', what: 'padding' },
      ],
      build: ([filters, kernel, stride, padding]) => ({
        type: 'conv2d',
        filters: n(filters),
        kernel: n(kernel),
        stride: n(stride),
        padding: padding as Padding,
      }),
    },
  ],
  ['maxpool', pool('maxPool2d')],
  ['avgpool', pool('avgPool2d')],
  [
    'dropout',
    { args: [{ kind: 'rate', what: 'dropout rate' }], build: ([rate]) => ({ type: 'dropout', rate: n(rate) }) },
  ],
  ['dense', { args: [{ kind: 'count', what: 'units' }], build: ([units]) => ({ type: 'dense', units: n(units) }) }],
  ['bn', { args: [], build: () => ({ type: 'batchNorm' }) }],
  ['gap', { args: [], build: () => ({ type: 'gap' }) }],
  ['flatten', { args: [], build: () => ({ type: 'flatten' }) }],
]);

/** A statement whose keyword has been read but not yet all of its arguments. */
export interface OpenStatement {
  readonly keyword: string;
  readonly args: readonly ArgValue[];
}

export interface ReadResult {
  /** The statement still open after this terminal, if any. */
  open?: OpenStatement;
  /** The statement this terminal completed, if any. */
  statement?: Statement;
}

/**
 * Feeds one terminal to the statement reader: `open` is the statement being read (undefined between statements).
 * A terminal outside the language is a PhenotypeError; `where` prefixes the messages that name a position.
 */
export function readTerminal(open: OpenStatement | undefined, text: string, where = ''): ReadResult {
  if (open === undefined) {
    const spec = STATEMENTS.get(text);
    if (spec === undefined) throw new PhenotypeError(`${where}unknown statement "${text}"`);
    return complete({ keyword: text, args: [] }, spec);
  }
  const spec = STATEMENTS.get(open.keyword)!;
  const arg = spec.args[open.args.length];
  return complete({ keyword: open.keyword, args: [...open.args, argument(arg.kind, arg.what, text, where)] }, spec);
}

/** What the reader expects next inside an open statement (for "phenotype ends where ... was expected"). */
export function expected(open: OpenStatement): string {
  return STATEMENTS.get(open.keyword)!.args[open.args.length].what;
}

function complete(open: OpenStatement, spec: StatementSpec): ReadResult {
  return open.args.length === spec.args.length ? { statement: spec.build(open.args) } : { open };
}

/** Splits terminals into statements; a terminal outside the language is a PhenotypeError naming the phenotype. */
export function parseStatements(terminals: readonly string[]): Statement[] {
  try {
    return statementsOf(terminals);
  } catch (err) {
    throw err instanceof PhenotypeError
      ? new PhenotypeError(`phenotype "${terminals.join(' ')}": ${err.message}`)
      : err;
  }
}

function statementsOf(terminals: readonly string[]): Statement[] {
  const statements: Statement[] = [];
  let open: OpenStatement | undefined;
  terminals.forEach((text, i) => {
    const read = readTerminal(open, text, `terminal ${i + 1}: `);
    open = read.open;
    if (read.statement) statements.push(read.statement);
  });
  if (open) throw new PhenotypeError(`phenotype ends where ${expected(open)} was expected`);
  return statements;
}

function argument(kind: ArgKind, what: string, text: string, where: string): ArgValue {
  switch (kind) {
    case 'count':
      if (!/^[1-9][0-9]{0,8}$/.test(text))
        throw new PhenotypeError(`${where}${what} must be a positive integer, got "${text}"`);
      return Number(text);
    case 'padding':
      if (text !== 'same' && text !== 'valid') throw new PhenotypeError(`padding must be same or valid, got "${text}"`);
      return text;
    case 'rate':
      if (!/^0(\.[0-9]{1,6})?$/.test(text))
        throw new PhenotypeError(`dropout rate must be a decimal in [0, 1), got "${text}"`);
      return Number(text);
  }
}
