// The chain parameters every node must apply alike, as one state record (namespace 'params', the empty key),
// written at genesis: the genesis state root, and so the genesis hash and the status handshake, commit to them, so
// two nodes whose configs differ in a fee or the reward cannot share a chain and split on the first block that
// tells them apart. maxReorgDepth and checkpoints are left out: they are each node's finality policy (a checkpoint
// is added by a later release without changing the chain), not rules a block is judged by on every node.
import { Writer } from '../codec/writer.js';
import type { Namespace, RecordChange } from './namespace.js';
import { AMOUNT_BITS, SELECTIONS, type ChainParams } from './params.js';

export const PARAMS: Namespace = { tag: 3, name: 'params', keyLength: 0 };

/** chainId varint(32) ‖ maxTxPerBlock varint(16) ‖ initialReward varint(128) ‖ halvingInterval varint(53) ‖
 * minFee varint(128) ‖ accountCreationFee varint(128) ‖ then storage: replication u8 ‖ dataReplication u8 ‖
 * epochLength varint(53) ‖ challengeWindow varint(53) ‖ maxStrikes u8 ‖ minBond varint(128) ‖
 * unbondingDelay varint(53) ‖ proofReward varint(128) ‖ missPenalty varint(128) ‖ dropPenalty varint(128) ‖
 * then governance: minDeposit varint(128) ‖ proposalLifetime varint(53) ‖ decisionInterval varint(53) ‖
 * quorumBp varint(14) ‖ confirmBlocks varint(53) ‖ activationDelay varint(53) ‖ lockUp varint(53) ‖
 * selection u8 (0 lottery, 1 stake-max, 2 auction) ‖ then, on a nonce-free chain only, nonceFree varint(1) = 1: the byte is absent
 * otherwise, so that the records of chains made before the mode existed, and their genesis hashes, are unchanged. */
export function encodeChainParams(p: ChainParams): Uint8Array {
  const s = p.storage;
  const g = p.governance;
  const w = new Writer()
    .varint('chainId', p.chainId, 32)
    .varint('maxTxPerBlock', p.maxTxPerBlock, 16)
    .varint('initialReward', p.initialReward, AMOUNT_BITS)
    .varint('halvingInterval', p.halvingInterval, 53)
    .varint('minFee', p.minFee, AMOUNT_BITS)
    .varint('accountCreationFee', p.accountCreationFee, AMOUNT_BITS)
    .varint('replication', s.replication, 8)
    .varint('dataReplication', s.dataReplication, 8)
    .varint('epochLength', s.epochLength, 53)
    .varint('challengeWindow', s.challengeWindow, 53)
    .varint('maxStrikes', s.maxStrikes, 8)
    .varint('minBond', s.minBond, AMOUNT_BITS)
    .varint('unbondingDelay', s.unbondingDelay, 53)
    .varint('proofReward', s.proofReward, AMOUNT_BITS)
    .varint('missPenalty', s.missPenalty, AMOUNT_BITS)
    .varint('dropPenalty', s.dropPenalty, AMOUNT_BITS)
    .varint('minDeposit', g.minDeposit, AMOUNT_BITS)
    .varint('proposalLifetime', g.proposalLifetime, 53)
    .varint('decisionInterval', g.decisionInterval, 53)
    .varint('quorumBp', g.quorumBp, 14)
    .varint('confirmBlocks', g.confirmBlocks, 53)
    .varint('activationDelay', g.activationDelay, 53)
    .varint('lockUp', g.lockUp, 53)
    .varint('selection', SELECTIONS.indexOf(g.selection), 8);
  if (p.nonceFree) w.varint('nonceFree', 1, 1);
  return w.finish();
}

export function paramsRecord(p: ChainParams): RecordChange {
  return { ns: PARAMS, key: new Uint8Array(0), value: encodeChainParams(p) };
}
