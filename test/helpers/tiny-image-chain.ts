// A chain config on a tiny image problem for tests that run real nodes and miners: 8x8 one-channel images in 2
// classes (is the left half brighter?) in a data set folder, the default grammar, and by default a threshold falling
// from 100% to 0 in 10 s, so that a block takes a few seconds of real training and the better of two miners' models
// usually reaches the threshold first. `alloc` funds the given addresses; `params` overrides the dev chain's
// parameters (JSON fields, as in a genesis file), `storage` its storage parameters; the chain's data objects are
// the data set folder's files.
import { mkdir, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toHex } from '../../src/codec/hex.js';
import { formatAddress, type Address } from '../../src/crypto/address.js';
import { sha3_256 } from '../../src/crypto/hash.js';
import { genesisConfigToJson, parseGenesisConfig, type GenesisConfig } from '../../src/consensus/genesis-config.js';
import { validationDigest } from '../../src/consensus/problem.js';
import type { ThresholdParams } from '../../src/consensus/threshold.js';
import { loadDataset } from '../../src/io/data/load.js';
import { dataObject, exportDataset } from '../../src/io/data/export.js';
import { Random } from '../../src/ml/tensor/random.js';

function csv(count: number, seed: number): string {
  const rng = new Random(seed);
  return (
    Array.from({ length: count }, () => {
      const px = Array.from({ length: 64 }, () => Math.floor(rng.float() * 256));
      const left = px.filter((_, i) => i % 8 < 4).reduce((a, b) => a + b, 0);
      const right = px.reduce((a, b) => a + b, 0) - left;
      return [left > right ? 1 : 0, ...px].join(',');
    }).join('\n') + '\n'
  );
}

/** Writes the data set under `dir`/data and the chain config to `dir`/genesis.json; returns the config and its file. */
const FALLING_IN_10_S: ThresholdParams = { mode: 'fixed', startBp: 10_000, floorBp: 0, decayBp: 1000, decaySeconds: 1 };

export async function writeTinyImageChain(
  dir: string,
  alloc: readonly { address: Address; balance: bigint }[],
  threshold: ThresholdParams = FALLING_IN_10_S,
  params: Record<string, unknown> = {},
  storage: Record<string, unknown> = {},
) {
  const data = join(dir, 'data');
  await mkdir(data, { recursive: true });
  const files = { 'train.csv': csv(64, 1), 'validation.csv': csv(32, 2) };
  for (const [name, text] of Object.entries(files)) await writeFile(join(data, name), text);
  await writeFile(
    join(data, 'manifest.json'),
    JSON.stringify({
      name: 'halves',
      input: { kind: 'image', h: 8, w: 8, c: 1 },
      classes: 2,
      metric: 'accuracy',
      files: Object.fromEntries(Object.entries(files).map(([n, t]) => [n, toHex(sha3_256(Buffer.from(t)))])),
      train: { csv: 'train.csv', scale: 255 },
      validation: { csv: 'validation.csv', scale: 255 },
    }),
  );
  const dev = JSON.parse(readFileSync(new URL('../../config/genesis.dev.json', import.meta.url), 'utf8'));
  const config: GenesisConfig = parseGenesisConfig({
    ...dev,
    params: { ...dev.params, ...params },
    // The chain pins the folder's files as its data objects (src/io/data/export.ts).
    storage: {
      ...dev.storage,
      ...storage,
      data: exportDataset(data)
        .map(dataObject)
        .map((o) => ({ ...o, root: toHex(o.root) })),
    },
    alloc: Object.fromEntries(alloc.map((a) => [formatAddress(a.address), a.balance.toString()])),
    problem: {
      ...dev.problem,
      dataset: data,
      input: { kind: 'image', h: 8, w: 8, c: 1 },
      classes: 2,
      validationDigest: toHex(validationDigest(loadDataset(data).validation)),
      threshold,
    },
  });
  const file = join(dir, 'genesis.json');
  await writeFile(file, JSON.stringify(genesisConfigToJson(config)));
  return { config, file };
}
