// `coinai wallet new | list | address | balance`: encrypted key files in <datadir>/keystore, and their balances
// on a running node.
import type { Command } from 'commander';
import type { AccountJson } from '../../node/api/routes/accounts.js';
import { ApiClient, withApiOption } from '../api-client.js';
import { print } from '../output.js';
import { accountLines } from './account.js';
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

  withApiOption(
    wallet
      .command('balance')
      .description("the balance and nonce of every key in the data directory's keystore, from a running node")
      .option('--datadir <dir>', 'data directory', DEFAULT_DATADIR),
  )
    .option('--json', 'print JSON')
    .action(async (opts: { datadir: string; api: string; json?: boolean }) => {
      const client = new ApiClient(opts.api);
      const keys = await listKeys(keystoreDir(opts.datadir));
      const accounts = await Promise.all(keys.map((k) => client.get<AccountJson>(`/api/accounts/${k.address}`)));
      const total = accounts.reduce((sum, a) => sum + BigInt(a.balance), 0n);
      print(opts.json, { accounts, total: total.toString() }, ({ accounts: all }) =>
        all.length === 0
          ? `no keys in ${keystoreDir(opts.datadir)}`
          : [...all.flatMap((a) => [...accountLines(a), '']), `total    ${total}`].join('\n'),
      );
    });
}
