// The node's running totals behind /metrics: blocks it verified and the time that took (gossip, sync and its own
// mined blocks alike), the evaluations run and the validation samples they evaluated (what a flood of bogus blocks
// costs, counted rather than timed), gossiped blocks dropped unevaluated by the verification queue, and the
// miner's latest training throughput.
import type { NodeMetrics } from './node-api.js';

export class NodeCounters {
  private blocks = 0;
  private seconds = 0;
  private evaluations = 0;
  private samples = 0;
  private dropped = 0;
  private samplesPerSecond = 0;

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

  snapshot(): NodeMetrics {
    return {
      blocksVerified: this.blocks,
      verificationSeconds: this.seconds,
      evaluations: this.evaluations,
      samplesEvaluated: this.samples,
      blocksDropped: this.dropped,
      trainingSamplesPerSecond: this.samplesPerSecond,
    };
  }
}
