// `coinai storage status <height|root>`: a stored object's replicas on keepers (docs/PROTOCOL.md 6): who holds it,
// since when, their strikes, last proofs and open challenges, and whether it waits for keepers; without an id, the
// chain's storage summary.
import type { Command } from 'commander';
import { formatBytes } from '../../codec/bytes.js';
import type { StorageSummaryJson, StoredObjectJson } from '../../node/api/views/storage.js';
import { ApiClient, withApiOption } from '../api-client.js';
import { CliError, print } from '../output.js';

const ID = /^([0-9]{1,15}|[0-9a-fA-F]{64})$/;

function renderObject(o: StoredObjectJson): string {
  const lines = [
    `${o.kind} ${o.root}  ${formatBytes(o.size)}  created at ${o.created}`,
    `replicas ${o.replicas.length} of ${o.replication}, ${o.live} live` +
      (o.waiting ? '  (waiting: too few keepers with room)' : ''),
  ];
  for (const r of o.replicas) {
    const challenge = r.challenge
      ? `challenge epoch ${r.challenge.epoch} segment ${r.challenge.segment} until ${r.challenge.windowEnd}`
      : 'no open challenge';
    lines.push(
      `  ${r.keeper}  assigned ${r.assigned}  strikes ${r.strikes}  ` +
        `last proof ${r.lastProof ? `epoch ${r.lastProof}` : 'none'}  ${challenge}  ${r.live ? 'live' : 'NOT LIVE'}`,
    );
  }
  return lines.join('\n');
}

function renderSummary(s: StorageSummaryJson): string {
  const epoch = s.epoch ? `epoch ${s.epoch.epoch} (challenged at ${s.epoch.height})` : 'no epoch yet';
  const lines = [
    `at height ${s.height}: ${epoch}, ${s.keepers} keepers, ${s.objects} objects (${formatBytes(s.bytes)}), ` +
      `${s.underReplicated} under-replicated`,
  ];
  for (const o of s.underReplicatedObjects)
    lines.push(`  ${o.kind} ${o.root}  ${o.live} live of ${o.replication} (${o.replicas} assigned)`);
  return lines.join('\n');
}

export function register(program: Command): void {
  const storage = program.command('storage').description('stored objects (models, data sets) and their replicas');
  withApiOption(storage.command('status').description("an object's replicas on keepers, or the chain's summary"))
    .argument('[id]', 'a block height (its model) or an object root (64 hex digits)')
    .option('--json', 'print JSON')
    .action(async (id: string | undefined, opts: { api: string; json?: boolean }) => {
      const client = new ApiClient(opts.api);
      if (id === undefined) {
        print(opts.json, await client.get<StorageSummaryJson>('/api/storage'), renderSummary);
        return;
      }
      if (!ID.test(id))
        throw new CliError(`the id must be a block height or an object root (64 hex digits), not '${id}'`);
      print(opts.json, await client.get<StoredObjectJson>(`/api/storage/${id}`), renderObject);
    });
}
