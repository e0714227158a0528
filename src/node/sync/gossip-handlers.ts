// The node's verdicts on gossip. Transactions go to the mempool; blocks are imported (model fetched from the peer
// that forwarded them) and forwarded when valid, which is how an accepted block is re-announced. A block whose
// parent we lack starts a catch-up sync from its sender. The candidates topic is not followed (not subscribed):
// the miner announces blocks, not candidates.
import type { Logger } from 'pino';
import { decodeBlock } from '../../chain/block.js';
import { decodeTransaction } from '../../chain/transaction.js';
import type { BlockImporter } from './block-import.js';
import type { ChainManager } from '../chain/chain-manager.js';
import type { Mempool } from '../mempool/mempool.js';
import type { GossipHandler, Verdict } from '../p2p/gossip.js';
import type { Network } from '../p2p/network.js';
import { blockFault, INVALID_BLOCK_POINTS, isInvalidTransaction } from './peer-faults.js';
import type { GossipKind } from '../p2p/topics.js';

export interface GossipContext {
  readonly chain: ChainManager;
  readonly mempool: Mempool;
  readonly importer: BlockImporter;
  /** Late-bound: the network is created with these handlers. */
  readonly network: () => Network;
  readonly catchUp: (peer: string) => void;
  readonly log: Logger;
}

export function gossipHandlers(ctx: GossipContext): Partial<Record<GossipKind, GossipHandler>> {
  return { transactions: (data) => admitTransaction(ctx, data), blocks: (data, from) => onBlock(ctx, data, from) };
}

/** A transaction from a peer (gossiped, or pulled from its pool) into the mempool. */
export function admitTransaction(
  { chain, mempool }: Pick<GossipContext, 'chain' | 'mempool'>,
  data: Uint8Array,
): Verdict {
  try {
    mempool.add(decodeTransaction(data), chain.store.state, chain.head.height + 1);
    return 'accept';
  } catch (err) {
    if (isInvalidTransaction(err)) return 'reject';
    return 'ignore'; // a duplicate, or a nonce or balance our head does not allow yet: not provably bad
  }
}

async function onBlock(ctx: GossipContext, data: Uint8Array, from: string): Promise<Verdict> {
  try {
    const block = decodeBlock(data);
    const result = await ctx.importer.importGossiped(block, from);
    ctx.log.debug({ height: block.header.height, from, status: result.status }, 'gossiped block');
    switch (result.status) {
      case 'head':
      case 'side':
        return 'accept';
      case 'unknown-parent':
        ctx.catchUp(from);
        return 'ignore';
      default:
        return 'ignore';
    }
  } catch (err) {
    const fault = blockFault(err);
    if (fault === undefined) {
      ctx.log.info({ err, from }, 'gossiped block not imported');
      return 'ignore';
    }
    ctx.log.warn({ from, reason: fault }, 'peer sent an invalid block');
    ctx.network().penalise(from, fault, INVALID_BLOCK_POINTS);
    return 'reject';
  }
}
