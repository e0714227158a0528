// Fetches a block's model file from a peer, chunk by chunk (64 KiB, the model root's leaves), each chunk checked
// against the header's model root as it arrives: what is held grows with verified chunks only, so a peer that
// announces a 4 MiB model and sends garbage costs one chunk. The header's size, itself capped by the problem's
// limit, bounds what is fetched. Fetches are capped globally and per peer, in number and in bytes announced: a
// fetch beyond a cap is refused at once (ModelFetchBusy, nobody's fault), so a flood of announcements cannot make
// the node hold many models' worth of buffers or requests at once.
import { CodedError } from '../../base/coded-error.js';
import { BlockError } from '../../chain/errors.js';
import type { BlockHeader } from '../../chain/header.js';
import { concatBytes } from '../../codec/bytes.js';
import { toHex } from '../../codec/hex.js';
import { merkleVerify } from '../../crypto/merkle.js';
import { MODEL_CHUNK_BYTES } from '../../ml/model/root.js';
import type { ModelChunk } from '../p2p/chunk.js';
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
      return await this.chunks(peer, root, size);
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

  private async chunks(peer: string, root: Uint8Array, size: number): Promise<Uint8Array> {
    const count = Math.ceil(size / MODEL_CHUNK_BYTES);
    const verified: Uint8Array[] = [];
    for (let index = 0; index < count; index++) {
      const expected = Math.min(MODEL_CHUNK_BYTES, size - index * MODEL_CHUNK_BYTES);
      const verify = (c: ModelChunk) =>
        c.data.length === expected && merkleVerify(root, c.data, { index, count, siblings: [...c.proof] });
      const chunk = await this.network().requestChunk(peer, root, index, verify);
      if (!chunk) throw new ModelUnavailable(`${peer} does not hold chunk ${index} of the model it announced`);
      verified.push(chunk.data);
    }
    return concatBytes(verified);
  }
}
