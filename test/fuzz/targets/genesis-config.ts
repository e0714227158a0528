// A chain config file as the node reads it (readGenesisFile in src/node/db/datadir.ts without the file read): the
// bytes as UTF-8, JSON.parse (a syntax error is a DecodeError there), parseGenesisConfig. Accepted configs must
// round-trip through genesisConfigToJson (the canonical form the data directory stores) and yield a genesis block.
import { utf8Text } from '../../../src/codec/bytes.js';
import { DecodeError } from '../../../src/codec/errors.js';
import { readFileSync } from 'node:fs';
import { genesisConfigToJson, parseGenesisConfig, type GenesisConfig } from '../../../src/consensus/genesis-config.js';
import { genesisBlock } from '../../../src/consensus/genesis.js';
import { encodeBlock } from '../../../src/chain/block.js';
import { genesisConfig } from '../../helpers/chain/fixtures.js';
import { mutateJson } from '../mutate-json.js';
import { sameValue, type Target } from '../harness.js';

const encoder = new TextEncoder();

function seeds(): Uint8Array[] {
  const dev = readFileSync(new URL('../../../config/genesis.dev.json', import.meta.url), 'utf8');
  const withCheckpoints: GenesisConfig = {
    ...genesisConfig,
    params: {
      ...genesisConfig.params,
      checkpoints: [
        { height: 1, hash: new Uint8Array(32).fill(1) },
        { height: 1000, hash: new Uint8Array(32).fill(2) },
      ],
    },
    assumeValid: new Uint8Array(32).fill(3),
  };
  const adaptive: GenesisConfig = {
    ...genesisConfig,
    problem: {
      ...genesisConfig.problem,
      input: { kind: 'image', h: 28, w: 28, c: 1 },
      threshold: {
        mode: 'adaptive',
        startBp: 9000,
        floorBp: 8000,
        decayBp: 5,
        decaySeconds: 60,
        marginBp: 10,
        capBp: 9990,
      },
    },
  };
  const nonceFree: GenesisConfig = { ...genesisConfig, params: { ...genesisConfig.params, nonceFree: true } };
  return [
    encoder.encode(dev),
    ...[genesisConfig, withCheckpoints, adaptive, nonceFree].map((c) =>
      encoder.encode(JSON.stringify(genesisConfigToJson(c))),
    ),
  ];
}

function decode(bytes: Uint8Array): GenesisConfig {
  let json: unknown;
  try {
    json = JSON.parse(utf8Text(bytes));
  } catch (err) {
    if (err instanceof SyntaxError) throw new DecodeError('genesis file', err.message);
    throw err;
  }
  return parseGenesisConfig(json);
}

function check(config: GenesisConfig): string | undefined {
  const json = JSON.stringify(genesisConfigToJson(config));
  const again = parseGenesisConfig(JSON.parse(json));
  if (!sameValue(again, config)) return 'the canonical JSON reads back to another config';
  if (JSON.stringify(genesisConfigToJson(again)) !== json) return 'the canonical JSON is not stable';
  encodeBlock(genesisBlock(config));
  return undefined;
}

export const genesisConfigTarget: Target<GenesisConfig> = {
  name: 'genesis-config',
  about: 'parseGenesisConfig (src/consensus/genesis-config.ts, problem-json.ts) on JSON text, as readGenesisFile',
  seeds,
  decode,
  isRejection: (err) => err instanceof DecodeError,
  check,
  mutate: (rng, input) => {
    const text = mutateJson(rng, utf8Text(input), 16 * 1024);
    return text === undefined ? undefined : encoder.encode(text);
  },
  dictionary: ['"', '{', '}', '[', ']', ',', ':', 'null', '-0', '1e400', '"__proto__"', '"cai', '.bnf"'],
  maxInputBytes: 16 * 1024,
  memoryFactor: 256,
};
