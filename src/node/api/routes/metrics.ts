// GET /metrics in the Prometheus text exposition format (version 0.0.4).
import type { NodeApi } from '../node-api.js';
import { storageSummaryView } from '../views/storage.js';
import { storageHead } from './storage.js';
import type { ApiRoute } from '../route.js';

interface Metric {
  readonly name: string;
  readonly type: 'gauge' | 'counter';
  readonly help: string;
  readonly value: number;
}

function prometheusText(metrics: readonly Metric[]): string {
  return metrics.map((m) => `# HELP ${m.name} ${m.help}\n# TYPE ${m.name} ${m.type}\n${m.name} ${m.value}\n`).join('');
}

function nodeMetrics(node: NodeApi): Metric[] {
  const counters = node.metrics();
  const storage = storageSummaryView(storageHead(node));
  return [
    { name: 'coinai_head_height', type: 'gauge', help: 'Height of the head block.', value: node.head().height },
    { name: 'coinai_peers', type: 'gauge', help: 'Connected peers.', value: node.peers().length },
    {
      name: 'coinai_mempool_transactions',
      type: 'gauge',
      help: 'Transactions in the mempool.',
      value: node.pending().length,
    },
    {
      name: 'coinai_blocks_verified_total',
      type: 'counter',
      help: 'Blocks fully verified.',
      value: counters.blocksVerified,
    },
    {
      name: 'coinai_block_verification_seconds_total',
      type: 'counter',
      help: 'Seconds spent verifying blocks.',
      value: counters.verificationSeconds,
    },
    {
      name: 'coinai_evaluations_total',
      type: 'counter',
      help: 'Model evaluations run (cached results excluded).',
      value: counters.evaluations,
    },
    {
      name: 'coinai_samples_evaluated_total',
      type: 'counter',
      help: 'Validation samples evaluated by those evaluations.',
      value: counters.samplesEvaluated,
    },
    {
      name: 'coinai_blocks_dropped_total',
      type: 'counter',
      help: 'Gossiped blocks dropped unevaluated by a full verification queue.',
      value: counters.blocksDropped,
    },
    { name: 'coinai_keepers', type: 'gauge', help: 'Keepers with a record in the state.', value: storage.keepers },
    {
      name: 'coinai_stored_objects',
      type: 'gauge',
      help: 'Objects (models, data files) the chain stores.',
      value: storage.objects,
    },
    {
      name: 'coinai_stored_bytes',
      type: 'gauge',
      help: 'Bytes of the objects the chain stores.',
      value: storage.bytes,
    },
    {
      name: 'coinai_under_replicated_objects',
      type: 'gauge',
      help: 'Stored objects with fewer live replicas than their replication.',
      value: storage.underReplicated,
    },
    {
      name: 'coinai_storage_epoch',
      type: 'gauge',
      help: 'The latest challenge epoch (0 before the first).',
      value: storage.epoch?.epoch ?? 0,
    },
    {
      name: 'coinai_training_samples_per_second',
      type: 'gauge',
      help: "The miner's training throughput.",
      value: counters.trainingSamplesPerSecond,
    },
    {
      name: 'coinai_keeper_objects',
      type: 'gauge',
      help: 'Stored objects assigned to this keeper and held.',
      value: counters.keeperObjects,
    },
    { name: 'coinai_keeper_bytes', type: 'gauge', help: 'Bytes of those objects.', value: counters.keeperBytes },
    {
      name: 'coinai_keeper_proofs_sent_total',
      type: 'counter',
      help: 'Storage proofs this keeper sent.',
      value: counters.proofsSent,
    },
    {
      name: 'coinai_keeper_proofs_accepted_total',
      type: 'counter',
      help: 'Storage proofs of this keeper included in main-chain blocks.',
      value: counters.proofsAccepted,
    },
    {
      name: 'coinai_keeper_strikes',
      type: 'gauge',
      help: "Strikes on this keeper's replicas in the head state.",
      value: counters.keeperStrikes,
    },
    {
      name: 'coinai_keeper_fetch_bytes_total',
      type: 'counter',
      help: 'Bytes of verified chunks this keeper fetched for its assignments.',
      value: counters.keeperFetchBytes,
    },
  ];
}

export function metricsRoutes(node: NodeApi): ApiRoute[] {
  return [
    {
      method: 'GET',
      url: '/metrics',
      summary:
        'Prometheus metrics: head height, peers, mempool size, verification, training and keeper counters, keepers, ' +
        'stored objects and bytes, under-replicated objects, the storage epoch',
      response: { type: 'string' },
      mediaType: 'text/plain; version=0.0.4; charset=utf-8',
      handler: () => prometheusText(nodeMetrics(node)),
    },
  ];
}
