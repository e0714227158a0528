// The statement language of phenotypes (docs/PROTOCOL.md): a keyword, then a fixed number of arguments.
import { CodedError } from '../base/coded-error.js';
import type { Activation, Layer, Padding } from './ir.js';

/** A phenotype statement: the layer it asks for, before legalisation against shapes. */
export type Statement = Exclude<Layer, { type: 'globalAvgPool' | 'flatten' }> | { type: 'gap' } | { type: 'flatten' };

export class PhenotypeError extends CodedError<'invalid-phenotype'> {
  constructor(message: string) {
    super('invalid-phenotype', message, message);
  }
}

const ACTIVATIONS: readonly string[] = ['relu', 'tanh', 'sigmoid'] satisfies Activation[];

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
  let at = 0;
  const arg = (what: string): string => {
    if (at >= terminals.length) throw new PhenotypeError(`phenotype ends where ${what} was expected`);
    return terminals[at++];
  };
  const count = (what: string): number => {
    const text = arg(what);
    if (!/^[1-9][0-9]{0,8}$/.test(text)) {
      throw new PhenotypeError(`terminal ${at}: ${what} must be a positive integer, got "${text}"`);
    }
    return Number(text);
  };
  while (at < terminals.length) {
    const keyword = terminals[at++];
    if (ACTIVATIONS.includes(keyword)) {
      statements.push({ type: 'activation', fn: keyword as Activation });
      continue;
    }
    switch (keyword) {
      case 'conv':
        statements.push({
          type: 'conv2d',
          filters: count('filters'),
          kernel: count('kernel'),
          stride: count('stride'),
          padding: padding(arg('padding')),
        });
        break;
      case 'maxpool':
      case 'avgpool':
        statements.push({
          type: keyword === 'maxpool' ? 'maxPool2d' : 'avgPool2d',
          size: count('pool size'),
          stride: count('pool stride'),
        });
        break;
      case 'dropout':
        statements.push({ type: 'dropout', rate: rate(arg('dropout rate')) });
        break;
      case 'dense':
        statements.push({ type: 'dense', units: count('units') });
        break;
      case 'bn':
        statements.push({ type: 'batchNorm' });
        break;
      case 'gap':
      case 'flatten':
        statements.push({ type: keyword });
        break;
      default:
        throw new PhenotypeError(`terminal ${at}: unknown statement "${keyword}"`);
    }
  }
  return statements;
}

function padding(text: string): Padding {
  if (text !== 'same' && text !== 'valid') throw new PhenotypeError(`padding must be same or valid, got "${text}"`);
  return text;
}

function rate(text: string): number {
  if (!/^0(\.[0-9]{1,6})?$/.test(text))
    throw new PhenotypeError(`dropout rate must be a decimal in [0, 1), got "${text}"`);
  return Number(text);
}
