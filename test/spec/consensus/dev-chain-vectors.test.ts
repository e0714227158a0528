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
  assert.equal(toHex(genesis), 'c513308e6b960bdbfb8777a7d67062094d3f741c5680ebc80810f7c9d1f7e299');
  const h = workHash(genesis, txRoot([]), new Uint8Array(20), 42n);
  assert.equal(
    toHex(h),
    '9f4a306e77cda805b556b0ea0a85bcc51d1cc62a3098da590debfa948aec4af1e3c43e852bf47ed991d2e04311a13a0986bcef30ecbfd2275d1c6be5ca0bb9ad',
  );
  const grammar = loadGrammar();
  assert.equal(toHex(grammar.id), toHex(config.grammar.id));
  assert.equal(
    derivePhenotype(grammar.grammar, h),
    'conv 21 3 1 valid bn relu avgpool 3 2 dropout 0.135 conv 40 5 1 same bn relu maxpool 2 2 dropout 0.265 conv 72 3 1 same bn relu avgpool 3 2 dropout 0.245 gap dense 276 relu dropout 0.225',
  );
});
