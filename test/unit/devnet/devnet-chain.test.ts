// The governance overrides of `coinai devnet --governance`: applied to the template's section and checked by the
// section's own rules, so a devnet genesis is a config any node accepts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DecodeError } from '../../../src/codec/errors.js';
import { genesisConfigToJson, parseGenesisConfig } from '../../../src/consensus/genesis-config.js';
import { withGovernance } from '../../../src/devnet/devnet-chain.js';

const dev = parseGenesisConfig(
  JSON.parse(readFileSync(new URL('../../../config/genesis.dev.json', import.meta.url), 'utf8')),
);

describe('withGovernance', () => {
  test('overrides the named parameters and keeps the others', () => {
    const config = withGovernance(dev, {
      decisionInterval: '4',
      confirmBlocks: '0',
      activationDelay: '2',
      lockUp: '0',
      minDeposit: '5',
      selection: 'stake-max',
    });
    assert.deepEqual(config.params.governance, {
      ...dev.params.governance,
      decisionInterval: 4,
      confirmBlocks: 0,
      activationDelay: 2,
      lockUp: 0,
      minDeposit: 5n,
      selection: 'stake-max',
    });
    // Only the governance section changes, and the result is a valid config (what the genesis file holds).
    const json = genesisConfigToJson(config) as Record<string, unknown>;
    const before = genesisConfigToJson(dev) as Record<string, unknown>;
    assert.deepEqual({ ...json, governance: undefined }, { ...before, governance: undefined });
    assert.deepEqual(parseGenesisConfig(json), config);
  });

  test('no overrides: the template as it is', () => {
    assert.deepEqual(withGovernance(dev, {}), dev);
  });

  test("refuses an unknown key or a value outside the section's rules, naming it", () => {
    const refuses = (overrides: Record<string, string>, message: string) =>
      assert.throws(
        () => withGovernance(dev, overrides),
        (err: unknown) => err instanceof DecodeError && err.message === `invalid ${message}`,
      );
    refuses({ decisionInterval: '0' }, 'governance.decisionInterval: must be an integer in 1..9007199254740991');
    refuses({ quorumBp: '10001' }, 'governance.quorumBp: must be an integer in 1..10000');
    refuses({ activationDelay: 'soon' }, 'governance.activationDelay: must be an integer in 1..9007199254740991');
    refuses({ minDeposit: '0' }, 'governance.minDeposit: must be a decimal string in 1..2^128-1');
    refuses({ selection: 'dice' }, 'governance.selection: must be one of lottery, stake-max, auction');
    refuses({ decisionIntervals: '4' }, 'governance: unknown key "decisionIntervals"');
    refuses({ ['__proto__']: '4' }, 'governance: unknown key "__proto__"');
  });
});
