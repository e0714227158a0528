// A fresh chain for a local devnet: dev accounts (key files under <dir>/keys, all with one known password) funded
// in a genesis made from a template config (the bundled MNIST problem), stamped an hour ago so that the first
// block's threshold has already fallen to the problem's floor. Governance parameters may be overridden (a devnet
// that decides and activates within a few blocks), checked as the config's own section is.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { genesisConfigToJson, parseGenesisConfig, type GenesisConfig } from '../consensus/genesis-config.js';
import { governanceConfigToJson, parseGovernanceConfig } from '../consensus/governance-config.js';
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

/** Keys of the config's "governance" section (7.2) to the values they take instead, as text. */
export type GovernanceOverrides = Readonly<Record<string, string>>;

/**
 * `config` with its governance parameters overridden: each value is read as the section's JSON reads it (a number
 * where the section has one, else the string), so an unknown key or an out-of-range value is the section's own
 * DecodeError (e.g. "governance.quorumBp: must be an integer in 1..10000").
 */
export function withGovernance(config: GenesisConfig, overrides: GovernanceOverrides): GenesisConfig {
  const section = governanceConfigToJson(config.params.governance);
  const read = (key: string, text: string) =>
    typeof section[key] === 'number' && /^[0-9]+$/.test(text) ? Number(text) : text;
  const merged = { ...section, ...Object.fromEntries(Object.entries(overrides).map(([k, t]) => [k, read(k, t)])) };
  return { ...config, params: { ...config.params, governance: parseGovernanceConfig(merged) } };
}

/** The template chain config with the overrides applied; reads nothing else, writes nothing. */
export async function readTemplate(template: string, governance: GovernanceOverrides = {}): Promise<GenesisConfig> {
  return withGovernance(parseGenesisConfig(JSON.parse(await readFile(template, 'utf8'))), governance);
}

export async function createDevnetChain(
  dir: string,
  template: string,
  accounts: number,
  governance: GovernanceOverrides = {},
): Promise<DevnetChain> {
  const base = await readTemplate(template, governance);
  const keys = join(dir, 'keys');
  const created = [];
  for (let i = 0; i < accounts; i++) {
    const { address, file } = await createKey(keys, DEVNET_PASSWORD);
    created.push({ address, file, key: await loadKey(file, DEVNET_PASSWORD) });
  }
  const config: GenesisConfig = {
    ...base,
    timestamp: Math.floor(Date.now() / 1000) - GENESIS_AGE_SECONDS,
    alloc: created.map((a) => ({ address: parseAddress(a.address, 'dev account'), balance: DEV_BALANCE })),
  };
  const genesisFile = join(dir, 'genesis.json');
  await writeFile(genesisFile, JSON.stringify(genesisConfigToJson(config), null, 2) + '\n');
  return { config, genesisFile, accounts: created };
}
