// The closed-form attack on the public evaluation pool (test/helpers/closed-form-attack.ts) against honest training
// of the same architecture, on the dev chain's problem and grammar: random layers and a ridge fit of the first dense
// layer on the pool itself, versus the miner's training on the train split for 60 s. Target: the attack scores no better
// on the pool than training does (docs/PROTOCOL.md, threat model).
import { loadDataset } from '../src/io/data/load.js';
import { attackVersusTraining, devChainArchitectures } from '../test/helpers/closed-form-attack.js';
import { table, type Bench } from './report.js';

const ARCHS = Number(process.env.COINAI_BENCH_ATTACK_ARCHS ?? 3);
const SECONDS = Number(process.env.COINAI_BENCH_ATTACK_SECONDS ?? 60);
const DRAWS = 64;

export const bench: Bench = async () => {
  const data = loadDataset('default');
  const rows = [];
  let worse = 0;
  for (const { phenotype, arch } of devChainArchitectures(DRAWS).slice(0, ARCHS)) {
    const r = await attackVersusTraining(arch, data, SECONDS);
    if (r.attack.pool <= r.honest.pool) worse++;
    const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(2)}%`;
    rows.push([
      `\`${phenotype}\``,
      r.features,
      `${pct(r.attack.pool, r.poolSize)} (${r.attack.seconds.toFixed(1)} s)`,
      pct(r.attack.unseen, data.train.count),
      `${pct(r.honest.pool, r.poolSize)} (${r.honest.seconds.toFixed(0)} s)`,
    ]);
  }
  return {
    title: 'Closed-form attack on the evaluation pool',
    body: [
      table(
        [
          'architecture (largest heads of ' + DRAWS + ' draws)',
          'head features',
          'attack on pool',
          'attack on unseen train split',
          'trained on train split, on pool',
        ],
        rows,
      ),
      '',
      `The attack keeps every layer before the first dense layer random and solves that layer by ridge regression ` +
        `(λ = 1; later layers pass its scores through) on the ` +
        `${data.validation.count}-sample pool itself; training is the miner's (Adam, cosine) for ${SECONDS} s on the ` +
        `${data.train.count}-sample train split, 2 workers. Target: the attack no better on the pool. ` +
        `Met on ${worse} of ${rows.length}.`,
    ].join('\n'),
  };
};
