// The keeper service (`coinai node start --keeper`, docs/NETWORK.md "Keepers"): registers the node's keeper account
// if it has no record (a keeper-register transaction through its own mempool, with its libp2p peer id and bond),
// then on every new head: answers each open challenge of its replicas with a storage-proof transaction once the head
// is proofDelay - 1 blocks past the challenge block, built from its stored copy without re-verifying it (tampering
// on disk is what the chain catches); fetches the objects newly assigned to it by root from whoever holds them
// (keepers first, every chunk checked against the root, streamed to disk); releases the models no longer assigned
// (the model cache may still keep them); and warns when an object it holds falls below its replication in live
// replicas. Heads are handled one at a time; a head that comes meanwhile is handled next (only the latest counts).
// Each head scans the object list (list 1): O(objects), like the chain's own maintenance at a challenge block.
// Data-set files need no fetch: every node holds its chain's in its data store (open-chain.ts).
import type { Logger } from 'pino';
import type { BlockHeader } from '../../chain/header.js';
import type { RecordReader } from '../../chain/namespace.js';
import { liveReplicas } from '../../chain/storage/challenge.js';
import { currentEpoch } from '../../chain/storage/epoch.js';
import { keeperOf } from '../../chain/storage/keepers.js';
import { objectRoots } from '../../chain/storage/lists.js';
import { storedObject, type StoredObject } from '../../chain/storage/objects.js';
import type { Transaction } from '../../chain/transaction.js';
import type { TxPayload } from '../../chain/tx-payload.js';
import { signTransaction } from '../../chain/tx-signing.js';
import { bytesEqual, hexBytes, toHex } from '../../codec/hex.js';
import { addressFromPublicKey, ADDRESS_LENGTH, type Address } from '../../crypto/address.js';
import type { NodeCounters } from '../api/counters.js';
import type { ChainManager } from '../chain/chain-manager.js';
import { MempoolError } from '../mempool/errors.js';
import type { Mempool } from '../mempool/mempool.js';
import { fetchChunks } from '../models/model-fetch.js';
import type { ObjectStore } from '../models/object-store.js';
import type { Network } from '../p2p/network.js';
import type { KeeperOptions } from './options.js';
import { peerIdBytes } from './peer-id.js';
import { challengeAnswer } from './proof.js';
import { objectSources } from './sources.js';

/** True when `keeper` holds a replica of `root` in `state`: the node keeps that file whatever its cache holds. */
export function isAssigned(state: RecordReader, root: Uint8Array, keeper: Address): boolean {
  return storedObject(state, root)?.replicas.some((r) => bytesEqual(r.keeper, keeper)) ?? false;
}

export interface KeeperDeps {
  readonly chain: ChainManager;
  /** The data set's files (open-chain.ts); models live in chain.models. */
  readonly data: ObjectStore;
  readonly mempool: Mempool;
  readonly network: Network;
  readonly counters: NodeCounters;
  /** Publishes a transaction this node pooled (the node's gossip). */
  readonly announce: (tx: Transaction) => void;
  readonly log: Logger;
}

export class KeeperService {
  readonly address: Address;
  private unsubscribe: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  /** The models assigned to it at the last head it handled (hex root -> size), to release those that go. */
  private held = new Map<string, number>();
  /** Objects being fetched (hex roots), and the challenges answered (`epoch:root`), so neither is done twice. */
  private readonly fetching = new Set<string>();
  private readonly fetches = new Set<Promise<void>>();
  private answered = new Set<string>();
  /** Under-replicated objects already warned about, with the live count warned at. */
  private readonly warned = new Map<string, number>();
  /** The hash of its keeper-register while pooled: another would take the next nonce and never be valid. */
  private registering: string | undefined;

  constructor(
    private readonly deps: KeeperDeps,
    private readonly options: KeeperOptions,
  ) {
    this.address = addressFromPublicKey(options.key.publicKey);
  }

  start(): void {
    this.unsubscribe = this.deps.chain.onHead(() => this.schedule());
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    await this.running;
    await Promise.all(this.fetches);
  }

  private schedule(): void {
    if (this.running) return void (this.again = true);
    this.running = (async () => {
      do {
        this.again = false;
        await this.onHead(this.deps.chain.head).catch((err) => this.deps.log.error({ err }, 'keeper: head failed'));
      } while (this.again && !this.stopped);
      this.running = undefined;
    })();
  }

  private async onHead(head: BlockHeader): Promise<void> {
    const { chain } = this.deps;
    const state = chain.store.state;
    await this.countAccepted(head);
    const keeper = keeperOf(state, this.address);
    if (!keeper) return this.register(head.height);
    if (keeper.status === 'expelled' && this.held.size > 0)
      this.deps.log.error({ keeper: toHex(this.address), burnt: keeper.burnt }, 'keeper: expelled by the chain');
    const mine: [string, Uint8Array, StoredObject][] = [];
    for (const root of objectRoots(state)) {
      const object = storedObject(state, root)!;
      if (object.replicas.some((r) => bytesEqual(r.keeper, this.address))) mine.push([toHex(root), root, object]);
    }
    for (const [key, root, object] of mine) {
      const store = this.storeOf(object);
      if (store.has(root)) await this.prove(state, head, key, root, store);
      else this.fetch(key, root, object);
      this.warnIfUnderReplicated(state, key, object);
    }
    const now = new Map(mine.flatMap(([key, , o]) => (o.kind === 'model' ? [[key, o.size] as const] : [])));
    for (const [key, size] of this.held) if (!now.has(key)) await chain.releaseModel(hexBytes(key), size);
    this.held = now;
    const stored = mine.filter(([, root, object]) => this.storeOf(object).has(root));
    this.deps.counters.keeperHolds({
      objects: stored.length,
      bytes: stored.reduce((n, [, , o]) => n + o.size, 0),
      strikes: mine.reduce((n, [, , o]) => n + o.replicas.find((r) => bytesEqual(r.keeper, this.address))!.strikes, 0),
    });
  }

  private storeOf(object: StoredObject): ObjectStore {
    return object.kind === 'model' ? this.deps.chain.models : this.deps.data;
  }

  /** Registers while no record exists and no registration of its own is pooled. */
  private register(height: number): void {
    const { network, chain, mempool, log } = this.deps;
    if (this.registering && mempool.has(this.registering)) return;
    const bond = this.options.bond ?? chain.rules.params.storage.minBond;
    const payload: TxPayload = {
      kind: 'keeper-register',
      capacity: this.options.capacity,
      bond,
      peerId: peerIdBytes(network.peerId),
    };
    this.registering = this.send(payload, height);
    if (this.registering) {
      log.info({ keeper: toHex(this.address), capacity: this.options.capacity, bond }, 'keeper: registering');
    }
  }

  /** Answers the open challenge of `root`, if any, once the head is proofDelay - 1 blocks past its block. */
  private async prove(
    state: RecordReader,
    head: BlockHeader,
    key: string,
    root: Uint8Array,
    store: ObjectStore,
  ): Promise<void> {
    const { params } = this.deps.chain.rules;
    const epoch = currentEpoch(state)?.epoch;
    if (epoch === undefined || this.answered.has(`${epoch}:${key}`)) return;
    const payload = await challengeAnswer(
      params,
      state,
      head.height,
      store,
      root,
      this.address,
      this.options.proofDelay,
    );
    if (!payload || !this.send(payload, head.height)) return;
    this.answered.add(`${epoch}:${key}`);
    this.deps.counters.proofSent();
    // Older epochs' answers are never asked again.
    for (const a of this.answered) if (!a.startsWith(`${epoch}:`)) this.answered.delete(a);
  }

  /**
   * Signs `payload` as the keeper's next transaction, pools it and announces it; returns its hash (hex), undefined
   * when the pool refuses it.
   */
  private send(payload: TxPayload, height: number): string | undefined {
    const { chain, mempool, announce, log } = this.deps;
    const { params } = chain.rules;
    const state = chain.store.state;
    const tx = signTransaction(
      {
        chainId: params.chainId,
        sender: this.options.key.publicKey,
        nonce: mempool.nextNonce(this.address, state),
        recipient: new Uint8Array(ADDRESS_LENGTH),
        amount: 0n,
        fee: params.minFee,
        payload,
      },
      this.options.key.privateKey,
    );
    let hash: string;
    try {
      hash = mempool.add(tx, state, height + 1);
    } catch (err) {
      if (!(err instanceof MempoolError)) throw err;
      log.warn({ kind: payload.kind, code: err.code, reason: err.message }, 'keeper: transaction refused');
      return undefined;
    }
    announce(tx);
    return hash;
  }

  /** Fetches an assigned object in the background (one fetch per object at a time), from its keepers first. */
  private fetch(key: string, root: Uint8Array, object: StoredObject): void {
    if (this.fetching.has(key) || this.stopped) return;
    this.fetching.add(key);
    const { network, counters, log, chain } = this.deps;
    const done = (async () => {
      const peers = objectSources(chain.store.state, root, network);
      for (const peer of peers) {
        if (this.stopped) return;
        try {
          const got = await this.storeOf(object).putStream(fetchChunks(network, peer, root, object.size));
          if (!bytesEqual(got, root)) throw new Error(`stored under ${toHex(got)}`);
          counters.keeperFetched(object.size);
          log.info({ root: key, bytes: object.size, from: peer }, 'keeper: object fetched');
          return this.schedule(); // a challenge may be open for it already
        } catch (err) {
          log.debug({ root: key, peer, err }, 'keeper: fetch from a peer failed');
        }
      }
      log.warn({ root: key, asked: peers.length }, 'keeper: no peer serves an assigned object yet');
    })().finally(() => {
      this.fetching.delete(key);
      this.fetches.delete(done);
    });
    this.fetches.add(done);
  }

  private warnIfUnderReplicated(state: RecordReader, key: string, object: StoredObject): void {
    const live = liveReplicas(state, hexBytes(key)).length;
    if (live >= object.replication) return void this.warned.delete(key);
    if (this.warned.get(key) === live) return;
    this.warned.set(key, live);
    this.deps.log.warn(
      { root: key, kind: object.kind, live, replication: object.replication },
      'object below its replication in live replicas',
    );
  }

  /** Counts the keeper's proofs the new head carries (paid when they verify). */
  private async countAccepted(head: BlockHeader): Promise<void> {
    const block = await this.deps.chain.store.blockAt(head.height);
    for (const tx of block?.txs ?? []) {
      if (tx.payload.kind === 'storage-proof' && bytesEqual(addressFromPublicKey(tx.sender), this.address))
        this.deps.counters.proofAccepted();
    }
  }
}
