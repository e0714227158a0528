// `coinai chain verify`: re-verifies every block of a data directory from genesis (state transitions and the full
// proof-of-useful-work check, models re-evaluated) and prints a summary.
import type { Command } from 'commander';
import { blockHash } from '../../chain/header.js';
import { toHex } from '../../codec/hex.js';
import { openChain } from '../../node/chain/open-chain.js';
import { verifyChain } from '../../node/chain/verify-chain.js';
import { DEFAULT_DATADIR } from '../datadir.js';
import { print } from '../output.js';

export function register(program: Command): void {
  const chain = program.command('chain').description('inspect and check the local chain');
  chain
    .command('verify')
    .description('re-verify every block from genesis, re-evaluating every model')
    .option('--datadir <dir>', 'data directory', DEFAULT_DATADIR)
    .option('--json', 'print JSON')
    .action(async (opts: { datadir: string; json?: boolean }) => {
      const { config, chain: c, evaluate } = await openChain(opts.datadir);
      try {
        const started = performance.now();
        const v = await verifyChain(config, c.store, c.models, c.rules, evaluate, Math.floor(Date.now() / 1000));
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
        await c.store.close();
      }
    });
}
