// Fetches a stored object (a block's model file, a data-set file) from a peer, chunk by chunk (64 KiB, aligned
// subtrees of its segment tree), each chunk checked against the object's root as it arrives: what is held grows with
// verified chunks only, so a peer that announces a 4 MiB model and sends garbage costs one chunk. The size (a
// header's, itself capped by the problem's limit, or an object record's) bounds what is fetched. Block model fetches
// are capped globally and per peer, in number and in bytes announced: a fetch beyond a cap is refused at once
// (ModelFetchBusy, nobody's fault), so a flood of announcements cannot make the node hold many models' worth of
// buffers or requests at once.
import { CodedError } from '../../base/coded-error.js';
import { BlockError } from '../../chain/errors.js';
import type { BlockHeader } from '../../chain/header.js';
import { concatBytes } from '../../codec/bytes.js';
import { toHex } from '../../codec/hex.js';
import { chunkCount, verifyChunk } from '../p2p/chunk.js';
import type { Network } from '../p2p/network.js';

/** The peer announced a block but does not hold its model. */
export class ModelUnavailable extends CodedError<'model-unavailable'> {
  constructor(message: string) {
    super('model-unavailable', message, message);
  }
}

/**
 * No peer asked could serve the whole model yet (its keepers offline, say): no verdict on the block and nobody's
 * fault; the fetch is tried again later.
 */
export class ModelNotFound extends CodedError<'model-not-found'> {
  constructor(message: string) {
    super('model-not-found', message, message);
  }
}

/** A fetch refused because a cap on fetches in progress is reached; the block may come again later. */
export class ModelFetchBusy extends CodedError<'fetch-busy'> {
  constructor(message: string) {
    super('fetch-busy', message, message);
  }
}

/** What a fetch needs of a block header: the model's root and size (a stored object's record has them too). */
export type ModelRef = Pick<BlockHeader, 'modelRoot' | 'modelSize'>;

export interface FetchLimits {
  /** Model fetches in progress at once, all peers together. */
  readonly concurrent: number;
  /** Model fetches in progress at once from one peer. */
  readonly perPeer: number;
  /** Sum of the announced sizes of the fetches in progress, all peers together. */
  readonly bytes: number;
  /** Sum of the announced sizes of the fetches in progress from one peer. */
  readonly bytesPerPeer: number;
}

const MiB = 1024 * 1024;
export const DEFAULT_FETCH_LIMITS: FetchLimits = { concurrent: 8, perPeer: 2, bytes: 32 * MiB, bytesPerPeer: 8 * MiB };

interface InFlight {
  fetches: number;
  bytes: number;
}

export class ModelFetcher {
  private readonly all: InFlight = { fetches: 0, bytes: 0 };
  private readonly peers = new Map<string, InFlight>();

  constructor(
    /** Late-bound: the network is created with handlers that use the fetcher's importer. */
    private readonly network: () => Network,
    private readonly limits: FetchLimits = DEFAULT_FETCH_LIMITS,
  ) {}

  /** Fetches in progress, all peers together (for tests and metrics). */
  get inFlight(): number {
    return this.all.fetches;
  }

  async fetch(peer: string, header: ModelRef, maxBytes: number): Promise<Uint8Array> {
    const { modelRoot: root, modelSize: size } = header;
    if (size > maxBytes) throw new BlockError('model-too-large', `${size} bytes, the problem allows ${maxBytes}`);
    if (size === 0) throw new BlockError('model-size-mismatch', 'the header claims an empty model file');
    const mine = this.peers.get(peer) ?? { fetches: 0, bytes: 0 };
    const { concurrent, perPeer, bytes, bytesPerPeer } = this.limits;
    if (this.all.fetches >= concurrent || this.all.bytes + size > bytes)
      throw new ModelFetchBusy(`${this.all.fetches} model fetches (${this.all.bytes} bytes) in progress`);
    if (mine.fetches >= perPeer || mine.bytes + size > bytesPerPeer)
      throw new ModelFetchBusy(`${mine.fetches} model fetches (${mine.bytes} bytes) in progress from ${peer}`);
    this.peers.set(peer, mine);
    for (const f of [this.all, mine]) {
      f.fetches++;
      f.bytes += size;
    }
    try {
      const verified: Uint8Array[] = [];
      for await (const chunk of fetchChunks(this.network(), peer, root, size)) verified.push(chunk);
      return concatBytes(verified);
    } finally {
      for (const f of [this.all, mine]) {
        f.fetches--;
        f.bytes -= size;
      }
      if (mine.fetches === 0) this.peers.delete(peer);
    }
  }

  /**
   * The model of `header` from the first of `peers` (in order: the caller puts the object's keepers first) that
   * serves all of it, each chunk checked as in fetch; a peer that lacks it, fails, is busy or sends a bad chunk
   * (penalised by the network) is passed over. ModelNotFound when none served it; a BlockError of the header at once.
   */
  async fetchFromAny(peers: readonly string[], header: ModelRef, maxBytes: number): Promise<Uint8Array> {
    const failures: string[] = [];
    for (const peer of new Set(peers)) {
      try {
        return await this.fetch(peer, header, maxBytes);
      } catch (err) {
        if (err instanceof BlockError) throw err;
        failures.push(`${peer}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    throw new ModelNotFound(
      `no peer served model ${toHex(header.modelRoot)} (${failures.length ? failures.join('; ') : 'no peer to ask'})`,
    );
  }
}

/**
 * The chunks of the `size`-byte object of `root` from `peer`, in order, each verified before it is yielded (a chunk
 * that fails costs the peer `invalidChunk` and ends the fetch with P2pError 'invalid'): an object of any size can be
 * streamed to disk (ObjectStore.putStream) without being held whole.
 */
export async function* fetchChunks(
  network: Network,
  peer: string,
  root: Uint8Array,
  size: number,
): AsyncGenerator<Uint8Array> {
  for (let index = 0, count = chunkCount(size); index < count; index++) {
    const chunk = await network.requestChunk(peer, root, index, (c) => verifyChunk(root, size, index, c));
    if (!chunk) throw new ModelUnavailable(`${peer} does not hold chunk ${index} of object ${toHex(root)}`);
    yield chunk.data;
  }
}
