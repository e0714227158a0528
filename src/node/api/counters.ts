// The node's running totals behind /metrics: blocks it verified and the time that took (gossip, sync and its own
// mined blocks alike), and the miner's latest training throughput.
import type { NodeMetrics } from './node-api.js';

export class NodeCounters {
  private blocks = 0;
  private seconds = 0;
  private samplesPerSecond = 0;

  verified(seconds: number): void {
    this.blocks++;
    this.seconds += seconds;
  }

  training(samplesPerSecond: number): void {
    this.samplesPerSecond = samplesPerSecond;
  }

  snapshot(): NodeMetrics {
    return {
      blocksVerified: this.blocks,
      verificationSeconds: this.seconds,
      trainingSamplesPerSecond: this.samplesPerSecond,
    };
  }
}
