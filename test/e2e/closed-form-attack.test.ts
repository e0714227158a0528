// The memorisation attack, as an attacker would run it on the dev chain: take the architecture with the largest
// classifier input among 64 draws, keep its layers random and solve the logits layer in closed form on the public
// evaluation pool. It must not beat a network of the same architecture trained by the miner for 60 s on the train
// split (on the old rules, v1's 3,136-feature heads and the 1,996-sample pool, it scored 1995/1996, above training).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDataset } from '../../src/io/data/load.js';
import { attackVersusTraining, devChainArchitectures } from '../helpers/closed-form-attack.js';

test('a closed-form fit of the head on the pool scores no better there than 60 s of training', async () => {
  const [{ phenotype, arch }] = devChainArchitectures(64);
  const r = await attackVersusTraining(arch, loadDataset('default'), 60);
  const msg = `${phenotype}: attack ${r.attack.pool}/${r.poolSize} with ${r.features} features, trained ${r.honest.pool}/${r.poolSize}`;
  assert.ok(r.attack.pool <= r.honest.pool, msg);
  process.stdout.write(`# ${msg}\n`);
});
