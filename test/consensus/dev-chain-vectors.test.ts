// The dev chain's proof-of-useful-work vectors quoted in docs/PROTOCOL.md, section 5.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { txRoot } from '../../src/chain/block.js';
import { genesisBlock } from '../../src/chain/genesis.js';
import { blockHash } from '../../src/chain/header.js';
import { DEV_GENESIS } from '../../src/cli/commands/init.js';
import { toHex } from '../../src/codec/hex.js';
import { encodeProblem, problemId } from '../../src/consensus/problem.js';
import { workHash } from '../../src/consensus/work-hash.js';
import { derivePhenotype } from '../../src/grammar/derive.js';
import { loadGrammar } from '../../src/grammar/load.js';
import { readGenesisFile } from '../../src/node/db/datadir.js';

test('dev chain: problem encoding and id, genesis hash, and the work hash and phenotype of nonce 42 on it', async () => {
  const config = await readGenesisFile(DEV_GENESIS);
  assert.equal(
    toHex(encodeProblem(config.problem)),
    '0764656661756c74001c1c010a008816ee5f2d5bde2d76d21d7b9c54f2e9abff45a801e3079c666c50b43dc0a1d4009c4a88270f0180808002',
  );
  assert.equal(toHex(problemId(config.problem)), '30e5081fbf165bfd6633c6e449f0b62c3c08ff7634a336fa66f473bdb82f5873');
  const genesis = blockHash(genesisBlock(config).header);
  assert.equal(toHex(genesis), '1da56ee20cabc92b0331fcae593ba76df489178103c7b92539637950453574cc');
  const h = workHash(genesis, txRoot([]), new Uint8Array(20), 42n);
  assert.equal(
    toHex(h),
    'ed58dff390cb9d9bfdeaa40f922a69ef52a91c712cac4e3de7581985930353905f8cbbdf474f0e83bd961b76265a7f61ec654ed9d7e4cf26a5689e8444578e7c',
  );
  const grammar = loadGrammar();
  assert.equal(toHex(grammar.id), toHex(config.grammar.id));
  assert.equal(derivePhenotype(grammar.grammar, h), 'conv 8 5 2 same sigmoid maxpool 3 2 dropout 0.5 gap');
});
