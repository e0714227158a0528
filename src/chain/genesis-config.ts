// The JSON chain config that defines a chain: its id, parameters, genesis timestamp and pre-funded accounts.
//   { "chainId": 7031, "timestamp": 1767225600,
//     "params": { "maxTxPerBlock": 1000, "initialReward": "5000000000", "halvingInterval": 210000 },
//     "alloc": { "cai…": "1000000" } }
// Amounts are decimal strings (JSON numbers lose precision above 2^53). Unknown keys are rejected, so a misspelt
// parameter cannot silently take a default.
import { DecodeError } from '../codec/errors.js';
import { formatAddress, parseAddress, type Address } from '../crypto/address.js';
import { MAX_AMOUNT, MAX_CHAIN_ID, MAX_TX_PER_BLOCK_LIMIT, MAX_UINT, type ChainParams } from './params.js';

export interface GenesisConfig {
  readonly params: ChainParams;
  readonly timestamp: number;
  readonly alloc: readonly { readonly address: Address; readonly balance: bigint }[];
}

type Json = Record<string, unknown>;

function object(field: string, v: unknown, keys: readonly string[]): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new DecodeError(field, 'must be an object');
  for (const k of Object.keys(v)) {
    if (!keys.includes(k)) throw new DecodeError(field, `unknown key "${k}"`);
  }
  for (const k of keys) {
    if (!(k in v)) throw new DecodeError(field, `missing key "${k}"`);
  }
  return v as Json;
}

function integer(field: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new DecodeError(field, `must be an integer in ${min}..${max}`);
  }
  return v;
}

function amount(field: string, v: unknown, min: bigint): bigint {
  if (typeof v !== 'string' || !/^(0|[1-9][0-9]{0,38})$/.test(v) || BigInt(v) < min || BigInt(v) > MAX_AMOUNT) {
    throw new DecodeError(field, `must be a decimal string in ${min}..2^128-1`);
  }
  return BigInt(v);
}

export function parseGenesisConfig(json: unknown): GenesisConfig {
  const root = object('genesis', json, ['chainId', 'timestamp', 'params', 'alloc']);
  const p = object('params', root.params, ['maxTxPerBlock', 'initialReward', 'halvingInterval']);
  const alloc = object('alloc', root.alloc, Object.keys(root.alloc ?? {}));
  return {
    params: {
      chainId: integer('chainId', root.chainId, 0, MAX_CHAIN_ID),
      maxTxPerBlock: integer('params.maxTxPerBlock', p.maxTxPerBlock, 1, MAX_TX_PER_BLOCK_LIMIT),
      initialReward: amount('params.initialReward', p.initialReward, 0n),
      halvingInterval: integer('params.halvingInterval', p.halvingInterval, 1, MAX_UINT),
    },
    timestamp: integer('timestamp', root.timestamp, 0, MAX_UINT),
    alloc: Object.entries(alloc).map(([text, balance]) => ({
      address: parseAddress(text, `alloc address ${text}`),
      balance: amount(`alloc["${text}"]`, balance, 1n),
    })),
  };
}

/** The JSON that parseGenesisConfig reads back to the same config. */
export function genesisConfigToJson(config: GenesisConfig): Json {
  const { chainId, maxTxPerBlock, initialReward, halvingInterval } = config.params;
  return {
    chainId,
    timestamp: config.timestamp,
    params: { maxTxPerBlock, initialReward: initialReward.toString(), halvingInterval },
    alloc: Object.fromEntries(config.alloc.map((a) => [formatAddress(a.address), a.balance.toString()])),
  };
}
