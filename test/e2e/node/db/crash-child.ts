// Child process of crash.test.ts: imports blocks into the ChainStore at argv[2] until it is killed, printing each
// new head height.
import { buildBlock } from '../../../../src/chain/build-block.js';
import { ChainStore } from '../../../../src/node/db/chain-store.js';
import { alice, bob, genesisConfig, miner, transfer } from '../../../helpers/chain/fixtures.js';

const store = await ChainStore.open(process.argv[2], genesisConfig);
process.stdout.write('open\n');
// To bob, whose account exists, at the minimum fee: alice's balance lasts for thousands of blocks.
const fee = genesisConfig.params.minFee;
for (;;) {
  const nonce = store.state.account(alice.address).nonce;
  const txs = [0, 1, 2].map((i) => transfer(alice, bob.address, 1n, fee, nonce + i));
  const { block } = buildBlock(genesisConfig.params, store.state, store.head, {
    miner: miner.address,
    timestamp: store.head.timestamp + 1,
    txs,
  });
  await store.importBlock(block);
  process.stdout.write(`${block.header.height}\n`);
}
