// Whether a grammar's architectures learn: random architectures of v1 and v2 (seeded hashes), each trained for a
// fixed wall time on the bundled digits (`--data default`) with the miner's default hyper-parameters, reporting
// the median and the worst validation accuracy. Full size is 20 architectures x 60 s per grammar (40 minutes on
// 2 cores); COINAI_BENCH_ARCHS and COINAI_BENCH_SECONDS shrink it for a smoke run (the section says which size ran).
import { architectureCost } from '../src/arch/cost.js';
import { paramCount } from '../src/arch/ir.js';
import { phenotypeToArchitecture } from '../src/arch/semantics.js';
import { sha3_512 } from '../src/crypto/hash.js';
import { deriveTerminals } from '../src/grammar/derive.js';
import { loadGrammar } from '../src/io/grammar-file.js';
import { loadDataset } from '../src/io/data/load.js';
import { train } from '../src/ml/train/trainer.js';
import { minerHyperParams } from '../src/node/miner/hyper-params.js';
import { table, type Bench } from './report.js';

const GRAMMARS = (process.env.COINAI_BENCH_GRAMMARS ?? 'cnn-v1,cnn-v2').split(',').map((g) => `grammars/${g}.bnf`);
const WORKERS = 2;
const TARGET = 0.95;

function knob(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  if (!/^[1-9][0-9]{0,4}$/.test(text)) throw new Error(`${name} must be a positive integer, got "${text}"`);
  return Number(text);
}

export const bench: Bench = async () => {
  const archs = knob('COINAI_BENCH_ARCHS', 20);
  const seconds = knob('COINAI_BENCH_SECONDS', 60);
  const data = loadDataset('default');
  const rows: (string | number)[][] = [];
  const details: string[] = [];
  for (const file of GRAMMARS) {
    const { grammar } = loadGrammar(file);
    const scores: number[] = [];
    for (let i = 0; i < archs; i++) {
      const terminals = deriveTerminals(grammar, sha3_512(new TextEncoder().encode(`trainability ${i}`)));
      const arch = phenotypeToArchitecture(terminals, data.input, data.classes);
      const { history } = await train(
        arch,
        { train: data.train, validation: data.validation },
        minerHyperParams(paramCount(arch), BigInt(i), {}),
        { timeBudgetSeconds: seconds, workers: WORKERS },
      );
      const last = history[history.length - 1];
      scores.push(last.validationAccuracy);
      const cost = architectureCost(arch, 64);
      details.push(
        `| ${file} | ${i} | \`${terminals.join(' ')}\` | ${cost.params.toLocaleString('en-US')} | ` +
          `${(cost.flops / 1e6).toFixed(1)} M | ${history.length} | ${pct(last.validationAccuracy)} |`,
      );
      process.stdout.write(`${file} #${i}: ${pct(last.validationAccuracy)} after ${history.length} epochs\n`);
    }
    const sorted = [...scores].sort((a, b) => a - b);
    const median =
      sorted.length % 2
        ? sorted[(sorted.length - 1) / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    rows.push([
      file,
      archs,
      `${seconds} s`,
      pct(median),
      pct(sorted[0]),
      `${scores.filter((s) => s >= TARGET).length}/${archs}`,
    ]);
  }
  return {
    title: 'Grammar trainability: random architectures on the bundled digits',
    body: [
      table(
        ['grammar', 'architectures', 'training each', 'median validation', 'worst validation', `>= ${pct(TARGET)}`],
        rows,
      ),
      '',
      `Architecture i is derived from SHA3-512("trainability i") on 28x28x1, 10 classes; each trains for the stated wall time ` +
        `(${WORKERS} workers, the miner's hyper-parameters: Adam, cosine schedule, learning rate by size) on the ` +
        `${data.train.count.toLocaleString('en-US')} training digits of \`--data default\` and is scored on its ` +
        `${data.validation.count.toLocaleString('en-US')} validation digits. Full size: 20 architectures x 60 s per grammar ` +
        `(COINAI_BENCH_ARCHS, COINAI_BENCH_SECONDS, COINAI_BENCH_GRAMMARS). Target: v2's worst >= ${pct(TARGET)}.`,
      '',
      '| grammar | i | phenotype | params | forward FLOPs | epochs | validation |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...details,
    ].join('\n'),
  };
};

function pct(x: number): string {
  return `${(100 * x).toFixed(2)}%`;
}
