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
  assert.equal(toHex(genesis), '14074ab9adad55f32cca687bfa0c8d564822304adc238aefc8a473ba19aa9ad8');
  const h = workHash(genesis, txRoot([]), new Uint8Array(20), 42n);
  assert.equal(
    toHex(h),
    'f7e08680bfccb4b41ffaaa0130b9403c52d0cb744ee5dfdd3193e0f770e092357f98e8682bbfd14a25904f721d45a80124b1cdd9313a531848727dc3a9a2bc21',
  );
  const grammar = loadGrammar();
  assert.equal(toHex(grammar.id), toHex(config.grammar.id));
  assert.equal(
    derivePhenotype(grammar.grammar, h),
    'conv 9 5 1 valid bn relu maxpool 2 2 dropout 0.115 conv 27 5 1 same relu avgpool 3 2 dropout 0.06 conv 38 3 1 same relu bn maxpool 2 2 dropout 0.065 conv 15 1 1 same relu flatten dense 39 relu dropout 0.275 dense 112 relu bn dropout 0.17',
  );
});
