import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { blockHash } from '../../../src/chain/header.js';
import { DecodeError } from '../../../src/codec/errors.js';
import { fromHex, toHex } from '../../../src/codec/hex.js';
import { objectRoots } from '../../../src/chain/storage/lists.js';
import { storedObject } from '../../../src/chain/storage/objects.js';
import { genesisBlock } from '../../../src/consensus/genesis.js';
import { genesisConfigToJson, parseGenesisConfig } from '../../../src/consensus/genesis-config.js';
import { genesisState } from '../../../src/consensus/genesis.js';

const dev = JSON.parse(readFileSync(new URL('../../../config/genesis.dev.json', import.meta.url), 'utf8'));

const without = (o: Record<string, unknown>, key: string) =>
  Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

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

test('nonceFree: optional (false when absent), round-trips, and committed: another genesis hash', () => {
  assert.equal(parseGenesisConfig(dev).params.nonceFree, false);
  const json = { ...dev, params: { ...dev.params, nonceFree: true } };
  const config = parseGenesisConfig(json);
  assert.equal(config.params.nonceFree, true);
  assert.deepEqual(genesisConfigToJson(config), json);
  // false is the default, so its canonical JSON leaves the key out, as the dev config does.
  assert.deepEqual(
    genesisConfigToJson(parseGenesisConfig({ ...dev, params: { ...dev.params, nonceFree: false } })),
    dev,
  );
  const devHash = toHex(blockHash(genesisBlock(parseGenesisConfig(dev)).header));
  assert.notEqual(toHex(blockHash(genesisBlock(config).header)), devHash);
  assert.notDeepEqual(genesisState(config).root(), genesisState(parseGenesisConfig(dev)).root());
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

test('storage: the dev values, a data list that round-trips, and a data object per file in the genesis state', () => {
  const { storage } = parseGenesisConfig(dev).params;
  assert.deepEqual(storage, {
    replication: 3,
    dataReplication: 4,
    epochLength: 4,
    challengeWindow: 3,
    maxStrikes: 2,
    minBond: 1_000_000n,
    unbondingDelay: 8,
    proofReward: 100_000n,
    missPenalty: 10_000n,
    dropPenalty: 100_000n,
  });
  const data = [
    { name: 'train-images.idx', root: 'ab'.repeat(32), size: 4_000_000 },
    { name: 'validation-labels.idx', root: 'cd'.repeat(32), size: 4_014 },
  ];
  const json = { ...dev, storage: { ...dev.storage, data } };
  const config = parseGenesisConfig(json);
  assert.deepEqual(genesisConfigToJson(config), json);
  const state = genesisState(config);
  assert.deepEqual(objectRoots(state).map(toHex), [data[0].root, data[1].root]);
  assert.deepEqual(storedObject(state, fromHex('root', data[1].root)), {
    kind: 'data',
    size: 4_014,
    replication: 4,
    created: 0,
    replicas: [],
  });
});

test('governance: the dev values, every key required, the selection one of three', () => {
  assert.deepEqual(parseGenesisConfig(dev).params.governance, {
    minDeposit: 1_000_000n,
    proposalLifetime: 1000,
    decisionInterval: 50,
    quorumBp: 1000,
    confirmBlocks: 10,
    activationDelay: 10,
    lockUp: 100,
    selection: 'lottery',
  });
  for (const selection of ['stake-max', 'auction']) {
    const json = { ...dev, governance: { ...dev.governance, selection } };
    assert.deepEqual(genesisConfigToJson(parseGenesisConfig(json)), json);
  }
  const cases: [unknown, string][] = [
    [without(dev, 'governance'), 'genesis'],
    [{ ...dev, governance: without(dev.governance, 'lockUp') }, 'governance'],
    [{ ...dev, governance: { ...dev.governance, selection: 'vote' } }, 'governance.selection'],
    [{ ...dev, governance: { ...dev.governance, minDeposit: '0' } }, 'governance.minDeposit'],
    [{ ...dev, governance: { ...dev.governance, quorumBp: 10_001 } }, 'governance.quorumBp'],
    [{ ...dev, governance: { ...dev.governance, decisionInterval: 0 } }, 'governance.decisionInterval'],
  ];
  for (const [json, field] of cases)
    assert.throws(
      () => parseGenesisConfig(json),
      (e) => e instanceof DecodeError && e.field === field,
      field,
    );
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
    [{ ...dev, params: { ...dev.params, nonceFree: 1 } }, 'params.nonceFree'],
    [{ ...dev, params: { ...dev.params, nonceFree: 'true' } }, 'params.nonceFree'],
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
    // Storage: every key required; D within E; R_data above R; a proof must pay more than its fee.
    [without(dev, 'storage'), 'genesis'],
    [{ ...dev, storage: without(dev.storage, 'maxStrikes') }, 'storage'],
    [{ ...dev, storage: { ...dev.storage, replication: 0 } }, 'storage.replication'],
    [{ ...dev, storage: { ...dev.storage, dataReplication: 3 } }, 'storage.dataReplication'],
    [{ ...dev, storage: { ...dev.storage, challengeWindow: 5 } }, 'storage.challengeWindow'],
    [{ ...dev, storage: { ...dev.storage, challengeWindow: 0 } }, 'storage.challengeWindow'],
    [{ ...dev, storage: { ...dev.storage, epochLength: 0 } }, 'storage.epochLength'],
    [{ ...dev, storage: { ...dev.storage, minBond: '0' } }, 'storage.minBond'],
    [{ ...dev, storage: { ...dev.storage, proofReward: '1000' } }, 'storage.proofReward'],
    [{ ...dev, storage: { ...dev.storage, data: {} } }, 'storage.data'],
    [
      { ...dev, storage: { ...dev.storage, data: [{ name: 'a/b', root: 'ab'.repeat(32), size: 1 }] } },
      'storage.data[0].name',
    ],
    [{ ...dev, storage: { ...dev.storage, data: [{ name: 'a', root: 'ab', size: 1 }] } }, 'storage.data[0].root'],
    [
      { ...dev, storage: { ...dev.storage, data: [{ name: 'a', root: 'ab'.repeat(32), size: 0 }] } },
      'storage.data[0].size',
    ],
    [
      { ...dev, storage: { ...dev.storage, data: [{ name: 'a', root: 'ab'.repeat(32), size: 2 ** 50 + 1 }] } },
      'storage.data[0].size',
    ],
    [
      {
        ...dev,
        storage: {
          ...dev.storage,
          data: [
            { name: 'a', root: 'ab'.repeat(32), size: 1 },
            { name: 'b', root: 'ab'.repeat(32), size: 2 },
          ],
        },
      },
      'storage.data',
    ],
  ];
  for (const [json, field] of cases) {
    assert.throws(
      () => parseGenesisConfig(json),
      (e: unknown) => e instanceof DecodeError && e.field === field,
      field,
    );
  }
});
