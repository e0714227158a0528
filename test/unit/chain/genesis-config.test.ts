import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { blockHash } from '../../../src/chain/header.js';
import { DecodeError } from '../../../src/codec/errors.js';
import { toHex } from '../../../src/codec/hex.js';
import { genesisBlock } from '../../../src/consensus/genesis.js';
import { genesisConfigToJson, parseGenesisConfig } from '../../../src/consensus/genesis-config.js';

const dev = JSON.parse(readFileSync(new URL('../../../config/genesis.dev.json', import.meta.url), 'utf8'));

test('the dev genesis parses and its canonical JSON round-trips', () => {
  const config = parseGenesisConfig(dev);
  assert.equal(config.params.chainId, 1337);
  assert.deepEqual(genesisConfigToJson(config), dev);
});

test('finality parameters: the dev chain keeps 64 blocks; checkpoints are optional and round-trip', () => {
  assert.equal(parseGenesisConfig(dev).params.maxReorgDepth, 64);
  assert.deepEqual(parseGenesisConfig(dev).params.checkpoints, []);
  const hash = 'ab'.repeat(32);
  const json = { ...dev, params: { ...dev.params, checkpoints: { '1000': hash, '7': hash } } };
  const config = parseGenesisConfig(json);
  assert.deepEqual(
    config.params.checkpoints.map((c) => c.height),
    [7, 1000],
  );
  assert.deepEqual(genesisConfigToJson(config), {
    ...json,
    params: { ...json.params, checkpoints: { '7': hash, '1000': hash } },
  });
});

test('assumeValid is optional, round-trips, and leaves the genesis block as it is (node policy)', () => {
  assert.equal(parseGenesisConfig(dev).assumeValid, undefined);
  const json = { ...dev, assumeValid: 'cd'.repeat(32) };
  const config = parseGenesisConfig(json);
  assert.equal(toHex(config.assumeValid!), 'cd'.repeat(32));
  assert.deepEqual(genesisConfigToJson(config), json);
  assert.deepEqual(blockHash(genesisBlock(config).header), blockHash(genesisBlock(parseGenesisConfig(dev)).header));
});

test('fee parameters: the dev chain charges a minimum fee and an account-creation fee', () => {
  const { minFee, accountCreationFee } = parseGenesisConfig(dev).params;
  assert.deepEqual([minFee, accountCreationFee], [1000n, 10000n]);
});

test('an adaptive threshold round-trips', () => {
  const json = {
    ...dev,
    problem: { ...dev.problem, threshold: { ...dev.problem.threshold, mode: 'adaptive', marginBp: 50, capBp: 9900 } },
  };
  assert.deepEqual(genesisConfigToJson(parseGenesisConfig(json)), json);
});

test('bad configs are DecodeErrors naming the field', () => {
  const threshold = dev.problem.threshold;
  const cases: [unknown, string][] = [
    [null, 'genesis'],
    [{ ...dev, extra: 1 }, 'genesis'],
    [{ ...dev, chainId: -1 }, 'chainId'],
    [{ ...dev, params: { ...dev.params, maxTxPerBlock: 0 } }, 'params.maxTxPerBlock'],
    [{ ...dev, params: { ...dev.params, initialReward: 5 } }, 'params.initialReward'],
    [{ ...dev, params: { ...dev.params, initialReward: '01' } }, 'params.initialReward'],
    [{ ...dev, params: { ...dev.params, maxReorgDepth: 0 } }, 'params.maxReorgDepth'],
    // A zero minimum fee would make transactions free again.
    [{ ...dev, params: { ...dev.params, minFee: '0' } }, 'params.minFee'],
    [{ ...dev, params: { ...dev.params, minFee: 1000 } }, 'params.minFee'],
    [{ ...dev, params: { ...dev.params, accountCreationFee: '-1' } }, 'params.accountCreationFee'],
    [{ ...dev, params: { ...dev.params, accountCreationFee: undefined } }, 'params.accountCreationFee'],
    [{ ...dev, params: { maxTxPerBlock: 1, initialReward: '1', halvingInterval: 1 } }, 'params'],
    [{ ...dev, params: { ...dev.params, checkpoints: [] } }, 'params.checkpoints'],
    [{ ...dev, params: { ...dev.params, checkpoints: { '0': 'ab'.repeat(32) } } }, 'params.checkpoints["0"]'],
    [{ ...dev, params: { ...dev.params, checkpoints: { '01': 'ab'.repeat(32) } } }, 'params.checkpoints["01"]'],
    [{ ...dev, params: { ...dev.params, checkpoints: { '5': 'ab' } } }, 'params.checkpoints["5"]'],
    [{ ...dev, assumeValid: 'ab' }, 'assumeValid'],
    [{ ...dev, assumeValid: 7 }, 'assumeValid'],
    [{ ...dev, alloc: { caibad: '1' } }, 'alloc address caibad'],
    [{ ...dev, grammar: { ...dev.grammar, file: '../cnn-v1.bnf' } }, 'grammar.file'],
    [{ ...dev, grammar: { ...dev.grammar, id: 'ab' } }, 'grammar.id'],
    [{ ...dev, problem: { ...dev.problem, metric: 'f1' } }, 'problem.metric'],
    [{ ...dev, problem: { ...dev.problem, classes: 1 } }, 'problem.classes'],
    [{ ...dev, problem: { ...dev.problem, input: { kind: 'image', h: 28, w: 28 } } }, 'problem.input'],
    [
      { ...dev, problem: { ...dev.problem, threshold: { ...threshold, floorBp: threshold.startBp + 1 } } },
      'problem.threshold.floorBp',
    ],
    [{ ...dev, problem: { ...dev.problem, threshold: { ...threshold, mode: 'adaptive' } } }, 'problem.threshold'],
  ];
  for (const [json, field] of cases) {
    assert.throws(
      () => parseGenesisConfig(json),
      (e: unknown) => e instanceof DecodeError && e.field === field,
      field,
    );
  }
});
