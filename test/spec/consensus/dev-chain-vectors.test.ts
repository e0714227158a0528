// The dev chain's proof-of-useful-work vectors quoted in docs/PROTOCOL.md, section 5.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { txRoot } from '../../../src/chain/block.js';
import { genesisBlock } from '../../../src/consensus/genesis.js';
import { blockHash } from '../../../src/chain/header.js';
import { DEV_GENESIS } from '../../../src/cli/commands/init.js';
import { toHex } from '../../../src/codec/hex.js';
import { encodeProblem, problemId } from '../../../src/consensus/problem.js';
import { workHash } from '../../../src/consensus/work-hash.js';
import { derivePhenotype } from '../../../src/grammar/derive.js';
import { loadGrammar } from '../../../src/io/grammar-file.js';
import { readGenesisFile } from '../../../src/node/db/datadir.js';

test('dev chain: problem encoding and id, genesis hash, and the work hash and phenotype of nonce 42 on it', async () => {
  const config = await readGenesisFile(DEV_GENESIS);
  assert.equal(
    toHex(encodeProblem(config.problem)),
    '0764656661756c74001c1c010a007e1bbc4e8cd7ac8319150d26b5d1372e5cae18399962b5af5382eba51fb4903e00ac4dd448050180808002',
  );
  assert.equal(toHex(problemId(config.problem)), '5abfcdbf431f89071e5c0f9515c1a8679661c8782702cfd871c5502d61a446d7');
  const genesis = blockHash(genesisBlock(config).header);
  assert.equal(toHex(genesis), 'dca6fb6759de31c20fa45a85f3ba86596cb8b47f243d5b2c1b5b903e18dc3f6c');
  const h = workHash(genesis, txRoot([]), new Uint8Array(20), 42n);
  assert.equal(
    toHex(h),
    'fe7f980e8400e04f82b719920740ec504c57efd8fd200223ab997d19c819c331ad64b621701c3faca93ca3d8b1acd4b4cc7d6c8ec3ba0a9dae3c1891a4c566de',
  );
  const grammar = loadGrammar();
  assert.equal(toHex(grammar.id), toHex(config.grammar.id));
  assert.equal(
    derivePhenotype(grammar.grammar, h),
    'conv 38 5 1 valid bn relu avgpool 3 2 dropout 0.125 conv 38 3 1 same relu maxpool 2 2 dropout 0.25 conv 41 3 1 same relu bn conv 54 3 1 same relu bn avgpool 2 2 dropout 0.05 gap dense 104 relu bn dropout 0.07',
  );
});
