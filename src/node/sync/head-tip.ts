// The head as peers see it in the status handshake: height, hash and fork-choice weight. The network reads it
// synchronously, so it is kept up to date on every new head rather than read from the store on demand.
import { blockHash, type BlockHeader } from '../../chain/header.js';
import type { ChainManager } from '../chain/chain-manager.js';
import type { Head } from '../p2p/status.js';

export class HeadTip {
  private constructor(private head: Head) {}

  static async follow(chain: ChainManager): Promise<HeadTip> {
    const tip = new HeadTip(await headOf(chain, chain.head));
    // A read can only fail once the store is closed, as the node stops: the old head is then as good as any.
    chain.onHead(
      (header) =>
        void headOf(chain, header).then(
          (h) => (tip.head = h),
          () => undefined,
        ),
    );
    return tip;
  }

  get current(): Head {
    return this.head;
  }
}

async function headOf(chain: ChainManager, header: BlockHeader): Promise<Head> {
  const hash = blockHash(header);
  const meta = await chain.store.meta(hash);
  return { height: header.height, hash, totalWeight: meta!.totalWeight };
}
