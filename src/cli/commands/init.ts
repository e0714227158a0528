// `coinai init`: creates a data directory (genesis.json + a chain database holding the genesis block).
import type { Command } from 'commander';
import { fileURLToPath } from 'node:url';
import { toHex } from '../../codec/hex.js';
import { blockHash } from '../../chain/header.js';
import { initDataDir, readGenesisFile } from '../../node/db/datadir.js';
import { DEFAULT_DATADIR } from '../datadir.js';
import { print } from '../output.js';

/** config/genesis.dev.json, at the same relative place from src/ and from dist/. */
export const DEV_GENESIS = fileURLToPath(new URL('../../../config/genesis.dev.json', import.meta.url));

export function register(program: Command): void {
  program
    .command('init')
    .description('create a data directory with the genesis block of a chain config')
    .option('--datadir <dir>', 'data directory', DEFAULT_DATADIR)
    .option('--genesis <file>', 'chain config JSON (default: the dev chain, config/genesis.dev.json)', DEV_GENESIS)
    .option('--json', 'print JSON')
    .action(async (opts: { datadir: string; genesis: string; json?: boolean }) => {
      const config = await readGenesisFile(opts.genesis);
      const { store } = await initDataDir(opts.datadir, config);
      const result = {
        datadir: opts.datadir,
        chainId: config.params.chainId,
        genesisHash: toHex(blockHash(store.head)),
      };
      await store.close();
      print(opts.json, result, (r) => `initialised ${r.datadir}: chain ${r.chainId}, genesis ${r.genesisHash}`);
    });
}
