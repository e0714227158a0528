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
    '0764656661756c74001c1c010a008816ee5f2d5bde2d76d21d7b9c54f2e9abff45a801e3079c666c50b43dc0a1d400ac4d8827140180808002',
  );
  assert.equal(toHex(problemId(config.problem)), '5f0d2d5c00135b7d516054d8201c8a39aaff540817842d908b0f1039b535369e');
  const genesis = blockHash(genesisBlock(config).header);
  assert.equal(toHex(genesis), 'da650f34c9e4c62cf0778bff7dcd8b5b308969d3d84c9ff9f794f4c11f76e9ab');
  const h = workHash(genesis, txRoot([]), new Uint8Array(20), 42n);
  assert.equal(
    toHex(h),
    '8227a364df3c107655fb4719ef675bbfd7edda9a1ca8b925e128b5a7af1d0608260f807cf43822382fa7822aedad415127ac2f54b7b7a4001f0d57b01ba4470d',
  );
  const grammar = loadGrammar();
  assert.equal(toHex(grammar.id), toHex(config.grammar.id));
  assert.equal(derivePhenotype(grammar.grammar, h), 'conv 16 5 1 same sigmoid avgpool 2 2 conv 16 3 1 valid bn tanh conv 32 1 2 same bn sigmoid maxpool 2 2 dropout 0.1 flatten dense 16 sigmoid dense 64 tanh dropout 0.25');
});
