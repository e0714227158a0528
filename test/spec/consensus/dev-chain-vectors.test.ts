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
  assert.equal(toHex(genesis), '239ada209ce11f63dde769b62e13da81cdf8a081c81a8146e10be555ef2c0a8a');
  const h = workHash(genesis, txRoot([]), new Uint8Array(20), 42n);
  assert.equal(
    toHex(h),
    '0a2a8f346815b4d6933124d98693eca741fa1a65bdfe10ae8c00866f2645a970bf1c9d11ddee3fb08e128e3ce0ec7c975da44a234f6ec10d7f39a33e5657cd5f',
  );
  const grammar = loadGrammar();
  assert.equal(toHex(grammar.id), toHex(config.grammar.id));
  assert.equal(
    derivePhenotype(grammar.grammar, h),
    'conv 39 5 1 same relu avgpool 3 2 dropout 0.29 conv 30 3 1 same bn relu avgpool 2 2 dropout 0.18 conv 71 3 1 same bn relu conv 55 1 1 same bn relu maxpool 2 2 dropout 0.04 conv 26 1 1 same relu flatten dense 216 relu dropout 0.045',
  );
});
