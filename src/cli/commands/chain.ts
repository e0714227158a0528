// `coinai chain verify`: re-verifies every block of a data directory from genesis (state transitions and the full
// proof-of-useful-work check, models re-evaluated) and prints a summary. A data directory keeps only some models
// (those its keeper holds and its cache); with --bootstrap the others are fetched from those peers, keepers first.
import type { Command } from 'commander';
import { blockHash } from '../../chain/header.js';
import { toHex } from '../../codec/hex.js';
import { openChain } from '../../node/chain/open-chain.js';
import { verifyChain } from '../../node/chain/verify-chain.js';
import { remoteModels } from '../../node/keeper/remote-models.js';
import { nodeLogger } from '../../node/log/log.js';
import { DEFAULT_DATADIR } from '../datadir.js';
import { print } from '../output.js';

export function register(program: Command): void {
  const chain = program.command('chain').description('inspect and check the local chain');
  chain
    .command('verify')
    .description('re-verify every block from genesis, re-evaluating every model')
    .option('--datadir <dir>', 'data directory', DEFAULT_DATADIR)
    .option('--bootstrap <multiaddr...>', 'fetch the models not kept here from these peers (/ip4/…/tcp/…/p2p/<id>)', [])
    .option('--json', 'print JSON')
    .action(async (opts: { datadir: string; bootstrap: string[]; json?: boolean }) => {
      const { config, chain: c, evaluate } = await openChain(opts.datadir);
      const remote =
        opts.bootstrap.length > 0
          ? await remoteModels(opts.datadir, c, opts.bootstrap, nodeLogger(undefined, 'warn'))
          : undefined;
      try {
        const started = performance.now();
        const models = remote ?? c.models;
        const now = Math.floor(Date.now() / 1000);
        const v = await verifyChain(config, c.store, models, c.rules, evaluate, now, c.registry);
        const result = {
          blocks: v.blocks,
          head: toHex(blockHash(c.head)),
          stateRoot: toHex(c.head.stateRoot),
          seconds: (performance.now() - started) / 1000,
          maxBlockSeconds: Math.max(0, ...v.blockSeconds),
        };
        print(
          opts.json,
          result,
          (r) =>
            `verified ${r.blocks} blocks from genesis in ${r.seconds.toFixed(2)} s (slowest block ${r.maxBlockSeconds.toFixed(2)} s): ` +
            `head ${r.head}, state root ${r.stateRoot}`,
        );
      } finally {
        await remote?.close();
        await c.store.close();
      }
    });
}
