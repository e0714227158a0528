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
    '0764656661756c74001c1c010a008816ee5f2d5bde2d76d21d7b9c54f2e9abff45a801e3079c666c50b43dc0a1d400ac4d88270a0180808002',
  );
  assert.equal(toHex(problemId(config.problem)), '59f51cd4a05dfbbb84715114c5acb79fceec1c840d1d67c09f822f906a0fc573');
  const genesis = blockHash(genesisBlock(config).header);
  assert.equal(toHex(genesis), 'd1af0c39f24cade7e880cd0a9174ba5481b163b43bdf903004d72b550789ac81');
  const h = workHash(genesis, txRoot([]), new Uint8Array(20), 42n);
  assert.equal(
    toHex(h),
    '0b6d704b54c96fe1e6505b353cf42c3c29a780b89cfad88a6c077e75afac0d8b9ce2e6f4455fca1c8c8b1c836f7fd8f09c170d8762345f71cd208e8cc33e6916',
  );
  const grammar = loadGrammar();
  assert.equal(toHex(grammar.id), toHex(config.grammar.id));
  assert.equal(
    derivePhenotype(grammar.grammar, h),
    'conv 32 5 1 valid relu avgpool 2 2 conv 32 1 2 valid tanh conv 16 1 1 valid bn sigmoid maxpool 2 2 gap dense 64 relu dense 32 relu dropout 0.5',
  );
});
