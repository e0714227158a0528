// `coinai wallet new | list | address`: encrypted key files in <datadir>/keystore.
import type { Command } from 'commander';
import { print } from '../output.js';
import { readPassword } from '../../wallet/password.js';
import { createKey, keystoreDir, listKeys, readKeyInfo } from '../../wallet/wallet-dir.js';
import { DEFAULT_DATADIR } from '../datadir.js';

export function register(program: Command): void {
  const wallet = program.command('wallet').description('manage encrypted keys');

  wallet
    .command('new')
    .description('create a key, encrypted with a password (COINAI_PASSWORD or a prompt)')
    .option('--datadir <dir>', 'data directory', DEFAULT_DATADIR)
    .option('--json', 'print JSON')
    .action(async (opts: { datadir: string; json?: boolean }) => {
      const password = await readPassword('New password: ', true);
      const key = await createKey(keystoreDir(opts.datadir), password);
      print(opts.json, key, (k) => `${k.address}\nsaved to ${k.file}`);
    });

  wallet
    .command('list')
    .description('list the keys in the data directory')
    .option('--datadir <dir>', 'data directory', DEFAULT_DATADIR)
    .option('--json', 'print JSON')
    .action(async (opts: { datadir: string; json?: boolean }) => {
      const keys = await listKeys(keystoreDir(opts.datadir));
      print(opts.json, keys, (ks) => (ks.length ? ks.map((k) => `${k.address}  ${k.file}`).join('\n') : 'no keys'));
    });

  wallet
    .command('address')
    .description("print a key file's address")
    .requiredOption('--key <file>', 'key file')
    .option('--json', 'print JSON')
    .action(async (opts: { key: string; json?: boolean }) => {
      const info = await readKeyInfo(opts.key);
      print(opts.json, info, (k) => k.address);
    });
}
