// The verification flood as an attacker mounts it against a node of the dev chain: blocks on genesis with random
// weights and a claimed score, each under a fresh nonce (a new architecture and model file: neither a cached result
// nor a remembered hash answers it), gossiped at once by peers of their own (a fresh peer id each, over real libp2p)
// that serve the models, as an honest announcer would. Used by the e2e flood test and the flood and sync benches.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeBlock } from '../../src/chain/block.js';
import { blockHash } from '../../src/chain/header.js';
import type { GenesisConfig } from '../../src/consensus/genesis-config.js';
import { genesisBlock, genesisState } from '../../src/consensus/genesis.js';
import type { ConsensusRules } from '../../src/consensus/rules.js';
import { threshold } from '../../src/consensus/threshold.js';
import { ModelServer } from '../../src/node/models/model-server.js';
import { ObjectStore } from '../../src/node/models/object-store.js';
import { Network } from '../../src/node/p2p/network.js';
import { randomBlock } from '../unit/consensus/pouw-fixtures.js';

export interface BogusBlock {
  /** The block's canonical bytes, as gossiped. */
  readonly data: Uint8Array;
  readonly file: Uint8Array;
}

/**
 * `count` bogus blocks on genesis at `timestamp`, nonces from `firstNonce`. 'perfect' claims every sample right;
 * 'threshold' claims exactly the threshold, the lie that leaves the verifier the most errors to count before it is
 * contradicted.
 */
export function bogusBlocks(
  config: GenesisConfig,
  rules: ConsensusRules,
  o: { count: number; firstNonce: bigint; timestamp: number; claim: 'perfect' | 'threshold' },
): BogusBlock[] {
  const genesis = genesisBlock(config).header;
  const state = genesisState(config);
  const total = rules.validation.count;
  const correct =
    o.claim === 'perfect'
      ? total
      : Math.ceil((threshold(rules.problem.threshold, genesis, o.timestamp) * total) / 10_000);
  return Array.from({ length: o.count }, (_, i) => {
    const nonce = o.firstNonce + BigInt(i);
    const seed = Number(nonce % 1_000_000n);
    const { block, file } = randomBlock(rules, genesis, state, { timestamp: o.timestamp, nonce, seed, correct });
    return { data: encodeBlock(block), file };
  });
}

/** One attacking peer: its own libp2p node and data directory, serving the models of the blocks it gossips. */
export class Flooder {
  private constructor(
    readonly network: Network,
    private readonly dir: string,
    private readonly blocks: readonly BogusBlock[],
  ) {}

  /** Connects to `target` (multiaddrs) and waits until `targetPeer` is in its mesh for blocks. */
  static async start(
    config: GenesisConfig,
    target: readonly string[],
    targetPeer: string,
    blocks: readonly BogusBlock[],
  ): Promise<Flooder> {
    const dir = await mkdtemp(join(tmpdir(), 'coinai-flooder-'));
    const models = new ObjectStore(join(dir, 'models'));
    for (const b of blocks) await models.put(b.file);
    const server = new ModelServer(models);
    const genesisHash = blockHash(genesisBlock(config).header);
    const network = await Network.create({
      dataDir: dir,
      port: 0,
      bootstrap: target,
      chainId: config.params.chainId,
      genesisHash,
      head: () => ({ height: 0, hash: genesisHash, totalWeight: 0n }),
      // Subscribed to blocks (to be in the target's mesh), judging nothing.
      handlers: { gossip: { blocks: () => 'ignore' }, blocksByRange: () => [], chunk: (r) => server.chunk(r) },
    });
    const flooder = new Flooder(network, dir, blocks);
    const deadline = Date.now() + 30_000;
    while (!network.meshPeers('blocks').includes(targetPeer)) {
      if (Date.now() > deadline) {
        await flooder.stop();
        throw new Error('the flooder never joined the target’s blocks mesh');
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return flooder;
  }

  /** Gossips every block at once. */
  async flood(): Promise<void> {
    await Promise.all(this.blocks.map((b) => this.network.publish('blocks', b.data)));
  }

  async stop(): Promise<void> {
    await this.network.stop();
    await rm(this.dir, { recursive: true, force: true });
  }
}
