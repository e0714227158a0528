// The governance part of a block's end (docs/PROTOCOL.md 7.6), after the storage part, at height h with seed = the
// block's work hash:
//   (1) a pending activation whose height is h is judged by the caller's verdict on its content (the checks of
//       src/consensus/proposal-checks.ts, which need the stored object: the chain layer only reads the verdict):
//       passed, it becomes the active rules (blocks after h are judged by them) and its deposit returns; failed, it
//       is lost and its deposit burnt, the active rules stay; no verdict, UnknownRulesError (no verdict on the block);
//   (2) open proposals older than X blocks (h > created + X) expire: the deposit returns to the proposer;
//   (3) at a decision height (h a multiple of P), for each kind with no pending activation whose active one has been
//       active for at least lockUp blocks: each open proposal's counted support is the sum of its support records
//       locked since h − C or earlier (the confirm rule); if their total reaches quorumBp of the supply (the genesis
//       allocation and the block rewards issued up to h), a winner is chosen by the `selection` parameter and
//       becomes pending with activation at h + A, its deposit still in its record. The others stay open.
// (2) walks the proposal list, (3) the support list once per kind: O(proposals + supports) per decision.
import { compareBytes, utf8Bytes } from '../../codec/bytes.js';
import { bytesEqual, toHex } from '../../codec/hex.js';
import { sha3_256 } from '../../crypto/hash.js';
import type { Ledger } from '../ledger.js';
import type { RecordReader } from '../namespace.js';
import type { ChainParams } from '../params.js';
import { issuedRewards } from '../reward.js';
import { listEntries, listEntry, listLength, PROPOSAL_LIST, removeFromList, SUPPORT_LIST } from '../storage/lists.js';
import {
  activeRules,
  activeRulesRecord,
  genesisSupply,
  pendingActivation,
  pendingRecord,
  UnknownRulesError,
} from './active.js';
import { PROPOSAL_KINDS, proposalOf, proposalRecord, type ProposalKind } from './proposals.js';
import { supportOf, supportRecord } from './supports.js';

const DRAW_DOMAIN = utf8Bytes('coinai-governance-draw');

/**
 * The verdicts on the pending activations of a block's height, by proposal id (hex): undefined, its content passed
 * its checks; a string, the fault that makes it lost. Entries for other proposals are ignored.
 */
export type Activations = ReadonlyMap<string, string | undefined>;
/** No verdicts: enough for every block but one at a pending activation's height. */
export const NO_ACTIVATIONS: Activations = new Map();

/** The confirm rule (7.6): a lock made at `since` counts at a decision at `height` once it is C blocks old. */
export function lockCounts(params: ChainParams, since: number, height: number): boolean {
  return since <= height - params.governance.confirmBlocks;
}

/** The supply a decision at `height` measures its quorum against: the genesis supply and the block rewards to it. */
export function decisionSupply(params: ChainParams, state: RecordReader, height: number): bigint {
  return genesisSupply(state) + issuedRewards(params, height);
}

/** Whether a kind's total counted support reaches the quorum: `quorumBp` of the supply, and more than nothing. */
export function reachesQuorum(params: ChainParams, total: bigint, supply: bigint): boolean {
  return total > 0n && total * 10_000n >= BigInt(params.governance.quorumBp) * supply;
}

export interface Candidate {
  readonly id: Uint8Array;
  /** Its counted support (confirm rule applied). */
  readonly counted: bigint;
}

/**
 * The winner among `candidates` (counted support > 0 in total), or undefined when none has support:
 *   lottery:   r = SHA3-256(domain ‖ seed ‖ kind index) as a big-endian integer mod the total; the candidates in
 *              ascending id order, the first whose running sum of counted support exceeds r;
 *   stake-max and auction: the largest counted support, the smallest id among equals.
 */
export function chooseWinner(
  selection: ChainParams['governance']['selection'],
  candidates: readonly Candidate[],
  seed: Uint8Array,
  kind: ProposalKind,
): Candidate | undefined {
  const sorted = candidates.filter((c) => c.counted > 0n).sort((a, b) => compareBytes(a.id, b.id));
  if (sorted.length === 0) return undefined;
  if (selection !== 'lottery') return sorted.reduce((best, c) => (c.counted > best.counted ? c : best), sorted[0]);
  const total = sorted.reduce((sum, c) => sum + c.counted, 0n);
  const draw = sha3_256(DRAW_DOMAIN, seed, Uint8Array.of(PROPOSAL_KINDS.indexOf(kind)));
  const r = BigInt(`0x${toHex(draw)}`) % total;
  let sum = 0n;
  return sorted.find((c) => (sum += c.counted) > r);
}

export function endBlockGovernance(
  params: ChainParams,
  ledger: Ledger,
  height: number,
  seed: Uint8Array,
  activations: Activations,
): void {
  const g = params.governance;
  // Problem first: the node judges a grammar activating at the same height against the problem this step leaves.
  for (const kind of PROPOSAL_KINDS) {
    const pending = pendingActivation(ledger, kind);
    if (pending?.at !== height) continue;
    const id = toHex(pending.proposal);
    if (!activations.has(id)) {
      throw new UnknownRulesError('unknown-rules', `no verdict on the ${kind} proposal ${id}, activating at ${height}`);
    }
    const p = proposalOf(ledger, pending.proposal)!;
    ledger.set(pendingRecord(kind, undefined));
    if (activations.get(id) !== undefined) {
      // Lost: the deposit is burnt (credited to nobody), the active rules stay.
      ledger.set(proposalRecord(pending.proposal, { ...p, status: 'lost' }));
      continue;
    }
    ledger.credit(p.proposer, p.deposit);
    const a = activeRules(ledger);
    ledger.set(
      activeRulesRecord(
        kind === 'problem'
          ? { ...a, problemId: pending.rulesId, problemSince: height }
          : { ...a, grammarId: pending.rulesId, grammarSince: height },
      ),
    );
  }

  for (let i = listLength(ledger, PROPOSAL_LIST) - 1; i >= 0; i--) {
    const id = listEntry(ledger, PROPOSAL_LIST, i);
    const p = proposalOf(ledger, id)!;
    if (height <= p.created + g.proposalLifetime) continue;
    ledger.credit(p.proposer, p.deposit);
    ledger.set(proposalRecord(id, { ...p, status: 'expired' }), ...removeFromList(ledger, PROPOSAL_LIST, i));
  }

  if (height === 0 || height % g.decisionInterval !== 0) return;
  const supply = decisionSupply(params, ledger, height);
  const active = activeRules(ledger);
  for (const kind of PROPOSAL_KINDS) {
    if (pendingActivation(ledger, kind)) continue;
    if (height - (kind === 'problem' ? active.problemSince : active.grammarSince) < g.lockUp) continue;
    const ids = listEntries(ledger, PROPOSAL_LIST).filter((id) => proposalOf(ledger, id)!.kind === kind);
    const supports = listEntries(ledger, SUPPORT_LIST);
    const counted = ids.map((id) => ({ id, counted: 0n, keys: [] as number[] }));
    supports.forEach((key, index) => {
      const c = counted.find((x) => bytesEqual(x.id, key.subarray(20)));
      if (!c) return;
      const s = supportOf(ledger, key.subarray(0, 20), c.id)!;
      if (!lockCounts(params, s.since, height)) return;
      c.counted += s.amount;
      c.keys.push(index);
    });
    const total = counted.reduce((sum, c) => sum + c.counted, 0n);
    if (!reachesQuorum(params, total, supply)) continue;
    const chosen = chooseWinner(g.selection, counted, seed, kind);
    const w = counted.find((c) => c === chosen)!;
    let p = proposalOf(ledger, w.id)!;
    if (g.selection === 'auction') {
      // The bid is the winner's counted support: those locks are burnt, its newer ones stay withdrawable.
      for (const index of [...w.keys].sort((a, b) => b - a)) {
        const key = supports[index];
        ledger.set(supportRecord(key.subarray(0, 20), w.id, undefined), ...removeFromList(ledger, SUPPORT_LIST, index));
      }
      p = { ...p, support: p.support - w.counted };
    }
    const at = listEntries(ledger, PROPOSAL_LIST).findIndex((id) => bytesEqual(id, w.id));
    ledger.set(
      proposalRecord(w.id, { ...p, status: 'selected' }),
      ...removeFromList(ledger, PROPOSAL_LIST, at),
      pendingRecord(kind, { proposal: w.id, rulesId: p.rulesId, at: height + g.activationDelay }),
    );
  }
}
