// The node's running totals behind /metrics: blocks it verified and the time that took (gossip, sync and its own
// mined blocks alike), the evaluations run and the validation samples they evaluated (what a flood of bogus blocks
// costs, counted rather than timed), gossiped blocks dropped unevaluated by the verification queue, and the
// miner's latest training throughput, and the keeper service's holdings, proofs and fetches.
import type { NodeMetrics } from './node-api.js';

export class NodeCounters {
  private blocks = 0;
  private seconds = 0;
  private evaluations = 0;
  private samples = 0;
  private dropped = 0;
  private samplesPerSecond = 0;
  private held = { objects: 0, bytes: 0, strikes: 0 };
  private proofsSent = 0;
  private proofsAccepted = 0;
  private fetchBytes = 0;

  verified(seconds: number): void {
    this.blocks++;
    this.seconds += seconds;
  }

  evaluated(samples: number): void {
    this.evaluations++;
    this.samples += samples;
  }

  droppedBlock(): void {
    this.dropped++;
  }

  training(samplesPerSecond: number): void {
    this.samplesPerSecond = samplesPerSecond;
  }

  /** The keeper's holdings in the head state: objects assigned and held, their bytes, its replicas' strikes. */
  keeperHolds(held: { readonly objects: number; readonly bytes: number; readonly strikes: number }): void {
    this.held = { ...held };
  }

  proofSent(): void {
    this.proofsSent++;
  }

  proofAccepted(): void {
    this.proofsAccepted++;
  }

  keeperFetched(bytes: number): void {
    this.fetchBytes += bytes;
  }

  snapshot(): NodeMetrics {
    return {
      blocksVerified: this.blocks,
      verificationSeconds: this.seconds,
      evaluations: this.evaluations,
      samplesEvaluated: this.samples,
      blocksDropped: this.dropped,
      trainingSamplesPerSecond: this.samplesPerSecond,
      keeperObjects: this.held.objects,
      keeperBytes: this.held.bytes,
      proofsSent: this.proofsSent,
      proofsAccepted: this.proofsAccepted,
      keeperStrikes: this.held.strikes,
      keeperFetchBytes: this.fetchBytes,
    };
  }
}
