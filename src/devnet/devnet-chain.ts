// A fresh chain for a local devnet: dev accounts (key files under <dir>/keys, all with one known password) funded
// in a genesis made from a template config (the bundled MNIST problem), stamped an hour ago so that the first
// block's threshold has already fallen to the problem's floor.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { genesisConfigToJson, parseGenesisConfig, type GenesisConfig } from '../consensus/genesis-config.js';
import { parseAddress } from '../crypto/address.js';
import { createKey, loadKey } from '../wallet/wallet-dir.js';
import type { KeyPair } from '../wallet/keystore.js';

export const DEVNET_PASSWORD = 'devnet';
const DEV_BALANCE = 1_000_000_000_000n;
const GENESIS_AGE_SECONDS = 3600;

export interface DevAccount {
  readonly address: string;
  readonly file: string;
  readonly key: KeyPair;
}

export interface DevnetChain {
  readonly config: GenesisConfig;
  readonly genesisFile: string;
  readonly accounts: readonly DevAccount[];
}

export async function createDevnetChain(dir: string, template: string, accounts: number): Promise<DevnetChain> {
  const keys = join(dir, 'keys');
  const created = [];
  for (let i = 0; i < accounts; i++) {
    const { address, file } = await createKey(keys, DEVNET_PASSWORD);
    created.push({ address, file, key: await loadKey(file, DEVNET_PASSWORD) });
  }
  const base = parseGenesisConfig(JSON.parse(await readFile(template, 'utf8')));
  const config: GenesisConfig = {
    ...base,
    timestamp: Math.floor(Date.now() / 1000) - GENESIS_AGE_SECONDS,
    alloc: created.map((a) => ({ address: parseAddress(a.address, 'dev account'), balance: DEV_BALANCE })),
  };
  const genesisFile = join(dir, 'genesis.json');
  await writeFile(genesisFile, JSON.stringify(genesisConfigToJson(config), null, 2) + '\n');
  return { config, genesisFile, accounts: created };
}
