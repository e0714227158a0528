// Strict JSON field readers (src/codec/json-fields.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DecodeError } from '../../../src/codec/errors.js';
import { integer } from '../../../src/codec/json-fields.js';
import { genesisConfigToJson, parseGenesisConfig } from '../../../src/consensus/genesis-config.js';
import { genesisConfig } from '../../helpers/chain/fixtures.js';

test('integer: in range or a DecodeError naming the field', () => {
  assert.equal(integer('n', 5, 0, 10), 5);
  for (const v of [11, -1, 1.5, '5', null, Infinity, NaN]) {
    assert.throws(
      () => integer('n', v, 0, 10),
      (err: unknown) => err instanceof DecodeError && err.field === 'n',
    );
  }
});

test('integer: JSON -0 reads as +0, so a config reads back equal from its canonical JSON', () => {
  // Found by the genesis-config fuzz target: "chainId": -0 gave chainId -0, and the canonical JSON ("chainId": 0)
  // read back to a config that is not deepStrictEqual to it.
  assert.ok(Object.is(integer('n', JSON.parse('-0'), 0, 10), 0));
  const text = JSON.stringify(genesisConfigToJson(genesisConfig)).replace(/"chainId":\d+/, '"chainId":-0');
  const config = parseGenesisConfig(JSON.parse(text));
  assert.ok(Object.is(config.params.chainId, 0));
  assert.deepStrictEqual(parseGenesisConfig(JSON.parse(JSON.stringify(genesisConfigToJson(config)))), config);
});
