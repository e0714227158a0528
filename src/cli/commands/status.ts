// `coinai status`: a running node's chain, head, peers and sync and mining state, through its API.
import type { Command } from 'commander';
import type { StatusJson } from '../../node/api/routes/status.js';
import { ApiClient, withApiOption } from '../api-client.js';
import { print } from '../output.js';

export function register(program: Command): void {
  withApiOption(program.command('status').description("a running node's chain, head, peers, sync and mining state"))
    .option('--json', 'print JSON')
    .action(async (opts: { api: string; json?: boolean }) => {
      const status = await new ApiClient(opts.api).get<StatusJson>('/api/status');
      print(opts.json, status, (s) =>
        [
          `chain    ${s.chainId} (genesis ${s.genesisHash})`,
          `head     ${s.height} ${s.hash} at ${new Date(s.timestamp * 1000).toISOString()}`,
          `peers    ${s.peers}`,
          `syncing  ${s.syncing ? 'yes' : 'no'}`,
          `mining   ${s.mining ? 'yes' : 'no'}`,
          `mempool  ${s.mempool} transactions`,
        ].join('\n'),
      );
    });
}
