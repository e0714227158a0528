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
  assert.equal(toHex(genesis), '0404aeb5cfc00433183af0e6bc0c6346cda0e86322a27cd6b6b025fdd223fea9');
  const h = workHash(genesis, txRoot([]), new Uint8Array(20), 42n);
  assert.equal(
    toHex(h),
    '1dfc743ea9e537d9a40e2c4e6d7943ef63b573906534ac0d4a61265b0e8dd1e6ad7d5e657ad2818ecd50979cc731f975981f215ef02e5410ec52b9b3a3e6e9fc',
  );
  const grammar = loadGrammar();
  assert.equal(toHex(grammar.id), toHex(config.grammar.id));
  assert.equal(
    derivePhenotype(grammar.grammar, h),
    'conv 36 3 1 valid bn relu maxpool 3 2 dropout 0.155 conv 19 5 1 same bn relu maxpool 2 2 dropout 0.105 conv 36 3 1 same relu bn maxpool 2 2 dropout 0.295 gap dense 137 relu bn dropout 0.215',
  );
});
