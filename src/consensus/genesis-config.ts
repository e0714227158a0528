// The JSON chain config that defines a chain: its id, parameters, genesis timestamp, pre-funded accounts, the
// grammar that derives architectures and the problem miners train for (src/consensus/problem.ts).
//   { "chainId": 7031, "timestamp": 1767225600,
//     "params": { "maxTxPerBlock": 1000, "initialReward": "5000000000", "halvingInterval": 210000,
//                 "minFee": "1000", "accountCreationFee": "10000",
//                 "maxReorgDepth": 64, "checkpoints": { "1000": "<block hash, hex>" }, "nonceFree": false },
//     "alloc": { "cai…": "1000000" },
//     "grammar": { "file": "cnn-v2.bnf", "id": "<SHA3-256 of the file, hex>" }, "problem": { … },
//     "storage": { … }, "governance": { … }, "assumeValid": "<block hash, hex>" }   (storage-config.ts,
//     governance-config.ts)
// Amounts are decimal strings (JSON numbers lose precision above 2^53). Unknown keys are rejected, so a misspelt
// parameter cannot silently take a default; "checkpoints" and "assumeValid" (none when absent) and "nonceFree" (false
// when absent) are the optional keys. Like checkpoints, assumeValid is node policy (src/node/chain/assume-valid.ts),
// not committed to genesis.
import { DecodeError } from '../codec/errors.js';
import { fromHex, toHex } from '../codec/hex.js';
import { integer, object, type Json } from '../codec/json-fields.js';
import { governanceConfigToJson, parseGovernanceConfig } from './governance-config.js';
import { parseProblem, problemToJson } from './problem-json.js';
import { amount, parseStorageConfig, storageConfigToJson, type DataFileRef } from './storage-config.js';
import type { Problem } from './problem.js';
import { formatAddress, parseAddress, type Address } from '../crypto/address.js';
import { MAX_CHAIN_ID, MAX_TX_PER_BLOCK_LIMIT, MAX_UINT, type ChainParams, type Checkpoint } from '../chain/params.js';

export interface GenesisConfig {
  readonly params: ChainParams;
  readonly timestamp: number;
  readonly alloc: readonly { readonly address: Address; readonly balance: bigint }[];
  readonly grammar: GrammarRef;
  readonly problem: Problem;
  /** The problem's data-set files, stored objects from genesis on ("storage": { "data": … }). */
  readonly data: readonly DataFileRef[];
  /** The block whose ancestors a syncing node does not re-evaluate by default (node policy, never committed). */
  readonly assumeValid?: Uint8Array;
}

/** A grammar file under grammars/, named by its file name and pinned by its id (checked when the node loads it). */
export interface GrammarRef {
  readonly file: string;
  readonly id: Uint8Array;
}

export function parseGenesisConfig(json: unknown): GenesisConfig {
  const rootKeys = ['chainId', 'timestamp', 'params', 'alloc', 'grammar', 'problem', 'storage', 'governance'];
  const hasAssumeValid = typeof json === 'object' && json !== null && 'assumeValid' in json;
  const root = object('genesis', json, hasAssumeValid ? [...rootKeys, 'assumeValid'] : rootKeys);
  const grammar = object('grammar', root.grammar, ['file', 'id']);
  if (typeof grammar.file !== 'string' || !/^[A-Za-z0-9._-]{1,100}\.bnf$/.test(grammar.file)) {
    throw new DecodeError('grammar.file', 'must be a file name ending in .bnf');
  }
  const paramKeys = [
    'maxTxPerBlock',
    'initialReward',
    'halvingInterval',
    'minFee',
    'accountCreationFee',
    'maxReorgDepth',
  ];
  const has = (key: string) => typeof root.params === 'object' && root.params !== null && key in root.params;
  const hasCheckpoints = has('checkpoints');
  const hasNonceFree = has('nonceFree');
  const p = object('params', root.params, [
    ...paramKeys,
    ...(hasCheckpoints ? ['checkpoints'] : []),
    ...(hasNonceFree ? ['nonceFree'] : []),
  ]);
  if (hasNonceFree && typeof p.nonceFree !== 'boolean') throw new DecodeError('params.nonceFree', 'must be a boolean');
  const alloc = object('alloc', root.alloc, Object.keys(root.alloc ?? {}));
  const minFee = amount('params.minFee', p.minFee, 1n);
  const storage = parseStorageConfig(root.storage, minFee);
  return {
    params: {
      chainId: integer('chainId', root.chainId, 0, MAX_CHAIN_ID),
      maxTxPerBlock: integer('params.maxTxPerBlock', p.maxTxPerBlock, 1, MAX_TX_PER_BLOCK_LIMIT),
      initialReward: amount('params.initialReward', p.initialReward, 0n),
      halvingInterval: integer('params.halvingInterval', p.halvingInterval, 1, MAX_UINT),
      minFee,
      accountCreationFee: amount('params.accountCreationFee', p.accountCreationFee, 0n),
      maxReorgDepth: integer('params.maxReorgDepth', p.maxReorgDepth, 1, MAX_UINT),
      checkpoints: hasCheckpoints ? parseCheckpoints(p.checkpoints) : [],
      nonceFree: p.nonceFree === true,
      storage: storage.params,
      governance: parseGovernanceConfig(root.governance),
    },
    timestamp: integer('timestamp', root.timestamp, 0, MAX_UINT),
    alloc: Object.entries(alloc).map(([text, balance]) => ({
      address: parseAddress(text, `alloc address ${text}`),
      balance: amount(`alloc["${text}"]`, balance, 1n),
    })),
    grammar: { file: grammar.file, id: fromHex('grammar.id', grammar.id as string, 32) },
    problem: parseProblem(root.problem),
    data: storage.data,
    ...(hasAssumeValid && { assumeValid: fromHex('assumeValid', root.assumeValid as string, 32) }),
  };
}

/** `{ "height": "hash hex", … }`: heights are decimal integers ≥ 1 without leading zeros, hashes 32 bytes. */
function parseCheckpoints(v: unknown): Checkpoint[] {
  const o = object('params.checkpoints', v, Object.keys(typeof v === 'object' && v !== null ? v : {}));
  return Object.entries(o)
    .map(([height, hash]) => {
      const field = `params.checkpoints["${height}"]`;
      if (!/^[1-9][0-9]{0,15}$/.test(height) || Number(height) > MAX_UINT)
        throw new DecodeError(field, 'the height must be a decimal integer in 1..2^53-1');
      if (typeof hash !== 'string') throw new DecodeError(field, 'must be a block hash in hex');
      return { height: Number(height), hash: fromHex(field, hash, 32) };
    })
    .sort((a, b) => a.height - b.height);
}

/** The JSON that parseGenesisConfig reads back to the same config. */
export function genesisConfigToJson(config: GenesisConfig): Json {
  const p = config.params;
  return {
    chainId: p.chainId,
    timestamp: config.timestamp,
    params: {
      maxTxPerBlock: p.maxTxPerBlock,
      initialReward: p.initialReward.toString(),
      halvingInterval: p.halvingInterval,
      minFee: p.minFee.toString(),
      accountCreationFee: p.accountCreationFee.toString(),
      maxReorgDepth: p.maxReorgDepth,
      ...(p.checkpoints.length > 0 && {
        checkpoints: Object.fromEntries(p.checkpoints.map((c) => [String(c.height), toHex(c.hash)])),
      }),
      ...(p.nonceFree && { nonceFree: true }),
    },
    alloc: Object.fromEntries(config.alloc.map((a) => [formatAddress(a.address), a.balance.toString()])),
    grammar: { file: config.grammar.file, id: toHex(config.grammar.id) },
    problem: problemToJson(config.problem),
    storage: storageConfigToJson(p.storage, config.data),
    governance: governanceConfigToJson(p.governance),
    ...(config.assumeValid && { assumeValid: toHex(config.assumeValid) }),
  };
}
