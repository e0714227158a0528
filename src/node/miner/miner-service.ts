// The node's miner: mines block after block on the head (the Miner starts over by itself on every new head),
// waits while the node is catching up with its peers, publishes each block it mines, and keeps what the API shows
// of its current candidate and what /metrics shows of its training speed.
import type { Logger } from 'pino';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeBlock } from '../../chain/block.js';
import { fromHex } from '../../codec/hex.js';
import { BASIS_POINTS, scoreBp } from '../../consensus/score.js';
import { threshold } from '../../consensus/threshold.js';
import type { Dataset } from '../../ml/data/dataset.js';
import type { MinerCandidate, MinerSearchCandidate, MinerStatus } from '../api/node-api.js';
import type { ChainManager } from '../chain/chain-manager.js';
import type { NodeCounters } from '../api/counters.js';
import type { Mempool } from '../mempool/mempool.js';
import type { MinerEvent } from './events.js';
import { Miner } from './miner.js';
import type { MinerOptions } from './options.js';
import type { Network } from '../p2p/network.js';

const SYNC_POLL_MS = 500;
const RETRY_MS = 1000;

export class MinerService {
  private readonly stopping = new AbortController();
  private candidate: MinerCandidate | null = null;
  /** The search's candidates for the block being mined, by nonce. */
  private search = new Map<bigint, MinerSearchCandidate>();
  private searchHeight = 0;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly chain: ChainManager,
    private readonly dataset: Dataset,
    private readonly options: Omit<MinerOptions, 'log'>,
    private readonly mempool: Mempool,
    private readonly network: Network,
    private readonly counters: NodeCounters,
    private readonly syncing: () => boolean,
    private readonly log: Logger,
  ) {}

  start(): void {
    const miner = new Miner(this.chain, this.dataset, { ...this.options, log: (e) => this.onEvent(e) }, this.mempool);
    this.loop = this.run(miner);
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
  }

  status(): MinerStatus {
    return { enabled: true, candidate: this.candidate, search: [...this.search.values()] };
  }

  private async run(miner: Miner): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      try {
        while (this.syncing()) await sleep(SYNC_POLL_MS, undefined, { signal });
        const mined = await miner.mineBlock(signal);
        const block = await this.chain.store.blockByHash(fromHex('hash', mined.hash, 32));
        if (block) await this.network.publish('blocks', encodeBlock(block));
      } catch (err) {
        if (signal.aborted) return;
        this.log.error({ err }, 'mining failed');
        await sleep(RETRY_MS, undefined, { signal }).catch(() => undefined);
      }
    }
  }

  /** Keeps what /api/miner shows of the search: every candidate drawn for the block, and what became of it. */
  private record(e: MinerEvent): void {
    if (!('height' in e)) return;
    if (e.height !== this.searchHeight) {
      this.search = new Map();
      this.searchHeight = e.height;
    }
    const update = (nonce: bigint, change: Partial<MinerSearchCandidate>) => {
      const c = this.search.get(nonce);
      if (c) this.search.set(nonce, { ...c, ...change });
    };
    const bp = (x: number) => Math.round(x * BASIS_POINTS);
    switch (e.kind) {
      case 'candidate':
        if (this.options.policy !== 'search') return;
        this.search.set(e.nonce, {
          nonce: e.nonce.toString(),
          phenotype: e.phenotype,
          params: e.params,
          rung: 0,
          validationBp: null,
          predictedBp: null,
          state: 'drawn',
          reason: null,
        });
        return;
      case 'probed':
        return update(e.nonce, {
          rung: e.rung,
          validationBp: bp(e.validationAccuracy),
          predictedBp: bp(e.predictedAccuracy),
        });
      case 'kept':
        for (const n of e.nonces) update(n, { state: 'kept' });
        return;
      case 'dropped':
        return update(e.nonce, { state: 'dropped', reason: e.reason });
    }
  }

  private onEvent(e: MinerEvent): void {
    this.record(e);
    switch (e.kind) {
      case 'candidate': {
        const { rules } = this.chain.headRules();
        const thresholdBp = threshold(rules.problem.threshold, this.chain.head, this.options.clock());
        this.candidate = {
          height: e.height,
          phenotype: e.phenotype,
          epoch: 0,
          scoreBp: null,
          thresholdBp,
          samplesPerSecond: 0,
        };
        this.log.info(
          { height: e.height, nonce: e.nonce.toString(), phenotype: e.phenotype, params: e.params },
          'mining candidate',
        );
        return;
      }
      case 'epoch': {
        const trained = this.chain.headRules().dataset ?? this.dataset;
        const samplesPerSecond = (e.epoch * trained.train.count) / e.seconds;
        const scoreBp = Math.round(e.validationAccuracy * BASIS_POINTS);
        const best = Math.max(scoreBp, this.candidate?.scoreBp ?? 0);
        if (this.candidate)
          this.candidate = {
            ...this.candidate,
            epoch: e.epoch,
            scoreBp: best,
            thresholdBp: e.thresholdBp,
            samplesPerSecond,
          };
        this.counters.training(samplesPerSecond);
        this.log.info({ epoch: e.epoch, loss: e.loss, validationBp: scoreBp, thresholdBp: e.thresholdBp }, 'training');
        return;
      }
      case 'mined': {
        this.candidate = null;
        this.counters.verified(e.block.verifySeconds);
        const { score, ...block } = e.block;
        this.log.info({ ...block, scoreBp: scoreBp(score) }, 'mined block');
        return;
      }
      case 'probed':
        this.log.info(
          {
            height: e.height,
            rung: e.rung,
            nonce: e.nonce.toString(),
            phenotype: e.phenotype,
            params: e.params,
            validationBp: Math.round(e.validationAccuracy * BASIS_POINTS),
            predictedBp: Math.round(e.predictedAccuracy * BASIS_POINTS),
            seconds: e.seconds,
          },
          'candidate probed',
        );
        return;
      case 'kept':
        this.log.info({ height: e.height, rung: e.rung, nonces: e.nonces.map(String) }, 'candidates kept');
        return;
      case 'dropped':
        this.log.info(
          { height: e.height, rung: e.rung, nonce: e.nonce.toString(), reason: e.reason },
          'candidate dropped',
        );
        return;
      case 'planned':
        this.log.info({ height: e.height, nonce: e.nonce.toString(), seconds: e.seconds }, 'finalist planned');
        return;
      case 'abandoned':
        this.candidate = null;
        this.log.info({ reason: e.reason }, 'candidate abandoned');
        return;
      default:
        this.log.info({ ...e }, `miner ${e.kind}`);
    }
  }
}
