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
  assert.equal(toHex(genesis), '1a4790ba3a24e1fd9d04a5a680af0f7a6ebe7f1bf92bfa9b5e5d34d0073a0fe2');
  const h = workHash(genesis, txRoot([]), new Uint8Array(20), 42n);
  assert.equal(
    toHex(h),
    'c32089a703815aedaf5285353c299913393124b9e8fbfe9ac2450d95edd2de28fc7c161fe652e22d321d15a80c82b67cc616ffbd17e02c9da6f211990df5acbe',
  );
  const grammar = loadGrammar();
  assert.equal(toHex(grammar.id), toHex(config.grammar.id));
  assert.equal(
    derivePhenotype(grammar.grammar, h),
    'conv 16 3 2 valid relu maxpool 3 2 dropout 0.5 conv 32 1 2 same bn relu conv 32 3 2 valid tanh maxpool 3 2 conv 64 3 2 same bn tanh conv 32 3 1 valid tanh avgpool 2 2 flatten dense 16 relu dropout 0.1',
  );
});
