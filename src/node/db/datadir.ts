// A node's data directory: genesis.json (the chain config, canonical form) and chain/ (the LevelDB ChainStore).
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DecodeError } from '../../codec/errors.js';
import { genesisConfigToJson, parseGenesisConfig, type GenesisConfig } from '../../consensus/genesis-config.js';
import { ChainStore } from './chain-store.js';
import { StoreError } from './errors.js';

export interface DataDir {
  readonly config: GenesisConfig;
  readonly store: ChainStore;
}

export const configPath = (dir: string) => join(dir, 'genesis.json');
const chainPath = (dir: string) => join(dir, 'chain');

/** Parses a genesis config file; bad JSON or a bad field is a DecodeError. */
export async function readGenesisFile(file: string): Promise<GenesisConfig> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    if (err instanceof SyntaxError) throw new DecodeError(`genesis file ${file}`, err.message);
    throw err;
  }
  return parseGenesisConfig(json);
}

export async function initDataDir(dir: string, config: GenesisConfig): Promise<DataDir> {
  if (existsSync(configPath(dir))) throw new StoreError('already-initialised', `${dir} is already a data directory`);
  await mkdir(dir, { recursive: true });
  const store = await ChainStore.create(chainPath(dir), config);
  await writeFile(configPath(dir), JSON.stringify(genesisConfigToJson(config), null, 2) + '\n');
  return { config, store };
}

/** Initialises `dir` from the chain config in `genesisFile` unless it already is a data directory; true if it did. */
export async function ensureDataDir(dir: string, genesisFile: string): Promise<boolean> {
  if (existsSync(configPath(dir))) return false;
  await (await initDataDir(dir, await readGenesisFile(genesisFile))).store.close();
  return true;
}

export async function openDataDir(dir: string): Promise<DataDir> {
  if (!existsSync(configPath(dir)))
    throw new StoreError('not-initialised', `${dir} is not a data directory (run coinai init)`);
  const config = await readGenesisFile(configPath(dir));
  return { config, store: await ChainStore.open(chainPath(dir), config) };
}
