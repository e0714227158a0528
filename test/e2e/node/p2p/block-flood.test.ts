// The measured attack on a real node's gossip path: one gossipsub RPC carrying as many bogus blocks as it may (each
// its own model of random weights claiming a perfect score, each model served by the attacker). The victim runs
// the node's own block verdicts (chain manager, importer, model fetch, gossip handlers); evaluations and model
// fetches are counted, never timed.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { RPC } from '@chainsafe/libp2p-gossipsub/message';
import { peerIdFromString } from '@libp2p/peer-id';
import * as lp from 'it-length-prefixed';
import { pino } from 'pino';
import { encodeBlock } from '../../../../src/chain/block.js';
import { toHex } from '../../../../src/codec/hex.js';
import { genesisBlock, genesisState } from '../../../../src/consensus/genesis.js';
import { NodeCounters } from '../../../../src/node/api/counters.js';
import { ChainManager } from '../../../../src/node/chain/chain-manager.js';
import { ChainStore } from '../../../../src/node/db/chain-store.js';
import { Mempool } from '../../../../src/node/mempool/mempool.js';
import { ModelServer } from '../../../../src/node/models/model-server.js';
import { ObjectStore } from '../../../../src/node/models/object-store.js';
import { DEFAULT_LIMITS } from '../../../../src/node/p2p/limits.js';
import type { Network } from '../../../../src/node/p2p/network.js';
import { BlockImporter } from '../../../../src/node/sync/block-import.js';
import { gossipHandlers } from '../../../../src/node/sync/gossip-handlers.js';
import { countingEvaluate, floodRules, randomBlock } from '../../../unit/consensus/pouw-fixtures.js';
import { handshaken, startNetwork, stopAll, tempDir, waitFor } from './nodes.js';

after(stopAll);

test('one RPC of bogus blocks, each with its own model: one fetch and one evaluation, then the sender is banned', async () => {
  const { config, rules } = floodRules();
  const T = config.timestamp;
  const dir = await tempDir();
  const log = pino({ level: 'silent' });

  const store = await ChainStore.create(join(dir, 'chain'), config);
  const evaluate = countingEvaluate(rules.validation);
  const chain = new ChainManager(store, new ObjectStore(join(dir, 'models')), rules, evaluate);
  await chain.settle();
  let victim: Network | undefined;
  const importer = new BlockImporter(
    chain,
    () => victim!,
    new NodeCounters(),
    () => T + 95,
    log,
  );
  const gossip = gossipHandlers({
    chain,
    mempool: new Mempool(config.params, { maxTxs: 100, maxPerSender: 10 }),
    importer,
    network: () => victim!,
    catchUp: () => {},
    log,
  });
  victim = await startNetwork({ handlers: { gossip, blocksByRange: () => [], chunk: () => undefined } });

  const parent = { header: genesisBlock(config).header, state: genesisState(config) };
  const count = DEFAULT_LIMITS.gossipRpc.maxMessages;
  const flood = Array.from({ length: count }, (_, i) =>
    randomBlock(rules, parent.header, parent.state, { timestamp: T + 1 + i, seed: 100 + i }),
  );
  const attackerModels = new ObjectStore(join(dir, 'attacker-models'));
  for (const { file } of flood) await attackerModels.put(file);
  const server = new ModelServer(attackerModels);
  const fetched = new Set<string>();
  const attacker = await startNetwork({
    bootstrap: victim.addresses,
    handlers: {
      gossip: {},
      blocksByRange: () => [],
      chunk: (request) => (fetched.add(toHex(request.root)), server.chunk(request)),
    },
  });
  await waitFor('handshake', handshaken(victim, attacker));

  const messages = flood.map(({ block }) => ({ topic: victim.topic('blocks'), data: encodeBlock(block) }));
  const stream = await attacker.libp2p.dialProtocol(peerIdFromString(victim.peerId), '/meshsub/1.1.0');
  await stream.sink(lp.encode([RPC.encode({ subscriptions: [], messages })]));

  await waitFor('the ban', () => victim.isBanned(attacker.peerId));
  await waitFor('the attacker dropped', () => !victim.peers().some((p) => p.id === attacker.peerId));
  await chain.settle();
  assert.equal(evaluate.calls, 1, `${evaluate.calls} evaluations of ${count} bogus blocks`);
  assert.equal(fetched.size, 1, `${fetched.size} models fetched`);
  assert.equal(chain.head.height, 0);
  importer.stop();
  await store.close();
});
