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
  assert.equal(toHex(genesis), '82e44d08fcbb9aaaa862b97f5064590be09f4396552c38f73d0e83859a5d7e0d');
  const h = workHash(genesis, txRoot([]), new Uint8Array(20), 42n);
  assert.equal(
    toHex(h),
    '744f12459fb54c059e86a63443370abfabc750f429c834c17fbcf36924bfa0c69896d4d2a283776677dc756d1d134092e6da70a16cb14ad922be3154431362a0',
  );
  const grammar = loadGrammar();
  assert.equal(toHex(grammar.id), toHex(config.grammar.id));
  assert.equal(
    derivePhenotype(grammar.grammar, h),
    'conv 8 5 1 valid relu bn maxpool 3 2 dropout 0.095 conv 28 5 1 same relu bn avgpool 3 2 dropout 0.285 conv 42 3 1 same bn relu avgpool 2 2 dropout 0.295 conv 10 1 1 same relu flatten dense 212 relu dropout 0.25',
  );
});

test('dev chain made nonce-free: another genesis hash, and the work hash without a nonce and its phenotype', async () => {
  const dev = await readGenesisFile(DEV_GENESIS);
  const config = { ...dev, params: { ...dev.params, nonceFree: true } };
  const genesis = blockHash(genesisBlock(config).header);
  assert.equal(toHex(genesis), '0357dd773ccbb5109b7615a0040fed5a3a4f77644eb613ce18661fa1a3d07230');
  const h = workHash(genesis, txRoot([]), new Uint8Array(20), undefined);
  assert.equal(
    toHex(h),
    'edcc25cd2cf19a82c3f885990e7901a86e466c5c9c3780023373237b5059a621717b9f1bed81336cc033e8275620e51182bfc669fc1a1c54970ebdac331da244',
  );
  assert.equal(
    derivePhenotype(loadGrammar().grammar, h),
    'conv 12 7 1 same relu maxpool 2 2 dropout 0.005 conv 33 5 1 same relu bn avgpool 3 2 dropout 0.28 conv 48 1 1 same relu bn conv 81 1 1 same bn relu maxpool 3 2 dropout 0.085 conv 19 1 1 same bn relu flatten dense 158 bn relu dropout 0.04 dense 42 relu bn dropout 0.005',
  );
});
