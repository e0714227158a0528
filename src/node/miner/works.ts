// The works a miner tries on one template, one per draw: what its work hash H is made of besides the parent. On a
// chain with nonces, the template's transactions, paid to the miner's address, under a fresh random nonce each
// draw. On a nonce-free chain (docs/PROTOCOL.md 5.6) the nonce is 0 and does not enter H, so the miner varies what
// does: the transaction set, its order and the reward address, in a deterministic enumeration that keeps the most
// fees first:
//   for keep = n, n-1, …, 0: the first `keep` transactions of the template (it is best first, so the ones left out
//   pay the least, and a sender's transactions are in nonce order, so no later one stays without the earlier);
//     their orders: the template's, then seeded shuffles in which each sender's transactions keep their nonce
//     order, each order once, until 64 shuffles in a row give no new one (all of a small set's, in practice);
//       each order paid to each of the miner's reward addresses in turn.
// So a miner with few pending transactions still has as many works as it has addresses: a miner may pay itself at
// any address of its own (`MinerOptions.rewardAddresses`), and a fresh key costs nothing. With none pending and one
// address it has exactly one work per parent.
import { buildBlock } from '../../chain/build-block.js';
import { BlockError } from '../../chain/errors.js';
import type { BlockHeader } from '../../chain/header.js';
import type { ChainParams } from '../../chain/params.js';
import type { Activations } from '../../chain/governance/decision.js';
import type { State } from '../../chain/state.js';
import { merkleRoot } from '../../crypto/merkle.js';
import { toHex } from '../../codec/hex.js';
import type { Address } from '../../crypto/address.js';
import { encodeTransaction, type Transaction } from '../../chain/transaction.js';
import { Random } from '../../ml/tensor/random.js';

export interface Work {
  readonly parentHash: Uint8Array;
  readonly txs: readonly Transaction[];
  readonly txRoot: Uint8Array;
  readonly miner: Address;
  /** The header's nonce: 0 on a nonce-free chain. */
  readonly nonce: bigint;
  /** Names the candidate in the miner's events and seeds its training: the nonce, or on a nonce-free chain the
   * work's index in the enumeration. */
  readonly id: bigint;
}

export interface WorkSource {
  /** The next work; undefined once there is none left (only on a nonce-free chain). */
  next(): Work | undefined;
}

/** Shuffles in a row that give no order not seen before, after which a set's orders are taken as exhausted. */
const STALE_SHUFFLES = 64;

export function minerWorks(
  nonceFree: boolean,
  template: { readonly parentHash: Uint8Array; readonly txs: readonly Transaction[] },
  addresses: readonly Address[],
  nonce: () => bigint,
): WorkSource {
  const { parentHash, txs } = template;
  if (!nonceFree) {
    const root = merkleRoot(txs.map(encodeTransaction));
    return {
      next: () => {
        const n = nonce();
        return { parentHash, txs, txRoot: root, miner: addresses[0], nonce: n, id: n };
      },
    };
  }
  const works = nonceFreeWorks(parentHash, txs, addresses);
  return { next: () => works.next().value };
}

function* nonceFreeWorks(
  parentHash: Uint8Array,
  template: readonly Transaction[],
  addresses: readonly Address[],
): Generator<Work, undefined> {
  const encoded = template.map(encodeTransaction);
  const senders = template.map((tx) => toHex(tx.sender));
  let id = 0n;
  for (let keep = template.length; keep >= 0; keep--) {
    const seen = new Set<string>();
    for (let shuffle = 0, stale = 0; stale < STALE_SHUFFLES; shuffle++) {
      const order = shuffle === 0 ? [...Array(keep).keys()] : shuffled(senders, keep, shuffle);
      const txRoot = merkleRoot(order.map((i) => encoded[i]));
      const key = toHex(txRoot);
      if (seen.has(key)) {
        stale++;
        continue;
      }
      seen.add(key);
      stale = 0;
      const txs = order.map((i) => template[i]);
      for (const miner of addresses) yield { parentHash, txs, txRoot, miner, nonce: 0n, id: id++ };
    }
  }
  return undefined;
}

/**
 * Why a work's transactions cannot make a block on `parent`, found by executing them: a template is valid in its own
 * order, but a shuffled or shortened one may not be (a transfer that created an account, paying its creation, now
 * after one to the same account that does not pay it).
 */
export function refuseBroken(
  params: ChainParams,
  state: State,
  parent: BlockHeader,
  template: readonly Transaction[],
  activations: Activations,
): (work: Work) => string | undefined {
  return (work) => {
    if (work.txs === template) return undefined;
    try {
      const draft = { miner: work.miner, timestamp: parent.timestamp + 1, txs: work.txs, activations };
      buildBlock(params, state, parent, draft);
      return undefined;
    } catch (e) {
      if (e instanceof BlockError) return `transactions invalid in this order (${e.code})`;
      throw e;
    }
  };
}

/** A shuffle of the template's first `keep` indices (seeded by `seed`) in which each sender's indices, and so its
 * nonces, stay ascending: the sender of each position is shuffled, not the transactions. */
function shuffled(senders: readonly string[], keep: number, seed: number): number[] {
  const slots = [...Array(keep).keys()];
  const random = new Random(seed);
  for (let i = keep - 1; i > 0; i--) {
    const j = random.nextU32() % (i + 1);
    [slots[i], slots[j]] = [slots[j], slots[i]];
  }
  const queues = new Map<string, number[]>();
  for (let i = 0; i < keep; i++) {
    const queue = queues.get(senders[i]);
    if (queue) queue.push(i);
    else queues.set(senders[i], [i]);
  }
  return slots.map((slot) => queues.get(senders[slot])!.shift()!);
}
