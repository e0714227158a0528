// Governance as JSON (docs/PROTOCOL.md 7): the active rules, the pending activations, each kind's outlook at its
// next decision (counted support under the confirm rule, the quorum of the supply then, each candidate's odds), the
// proposals with their payloads and support records, and the problems' history. Amounts are decimal strings, ids
// hex. The outlook applies the rules of the end of a block (7.6) to the head state as it is, as if no lock changed
// before that decision: the winner itself is chosen by chooseWinner, the decision's own function.
import { utf8Text } from '../../../codec/bytes.js';
import { toHex } from '../../../codec/hex.js';
import { describeShape } from '../../../arch/describe.js';
import { ADDRESS_LENGTH, formatAddress, type Address } from '../../../crypto/address.js';
import { activeRules, pendingActivation } from '../../../chain/governance/active.js';
import { chooseWinner, decisionSupply, lockCounts, reachesQuorum } from '../../../chain/governance/decision.js';
import {
  isOpen,
  PROPOSAL_KINDS,
  PROPOSAL_STATUSES,
  proposalOf,
  type Proposal,
  type ProposalKind,
} from '../../../chain/governance/proposals.js';
import { supportOf } from '../../../chain/governance/supports.js';
import type { State } from '../../../chain/state.js';
import { listEntries, PROPOSAL_LIST, SUPPORT_LIST } from '../../../chain/storage/lists.js';
import type { ProposeGrammarPayload, ProposeProblemPayload } from '../../../chain/tx-payload.js';
import { scoreBp } from '../../../consensus/score.js';
import type { TrainedProblem } from '../node-api.js';
import { ADDRESS, AMOUNT, arrayOf, HASH, nullable, object, THRESHOLD, UINT } from '../schema.js';
import type { StorageHead as Head } from './storage.js';

const BASIS = 10_000n;
/** chooseWinner draws nothing for stake-max: any seed gives the leader. */
const NO_SEED = new Uint8Array(32);

/** One support record: `address` locked `amount` behind `proposal` at height `since`. */
interface Lock {
  readonly address: Address;
  readonly proposal: string;
  readonly amount: bigint;
  readonly since: number;
}

let walked: { readonly state: State; readonly locks: Lock[] } | undefined;

/** Every support record, in list order: a walk of list 3, made once per head state and kept while it is the head,
 * so that a client asking in a loop costs a lookup. */
function locks({ state }: Head): Lock[] {
  if (walked?.state === state) return walked.locks;
  const all = listEntries(state, SUPPORT_LIST).map((key) => {
    const address = key.subarray(0, ADDRESS_LENGTH);
    const id = key.subarray(ADDRESS_LENGTH);
    const s = supportOf(state, address, id)!;
    return { address, proposal: toHex(id), amount: s.amount, since: s.since };
  });
  walked = { state, locks: all };
  return all;
}

/** What the next decision of one kind would do on the head state. */
interface Outlook {
  readonly kind: ProposalKind;
  /** Its height: the next multiple of P after the head at which the kind has no pending activation and its active
   * one has run its lock-up. */
  readonly decision: number;
  /** The genesis supply and the block rewards up to the decision. */
  readonly supply: bigint;
  /** The least counted support a winner needs: quorumBp of the supply, rounded up. */
  readonly quorum: bigint;
  readonly total: bigint;
  readonly reachesQuorum: boolean;
  /** Counted support of each proposal still open at the decision, by id (hex). */
  readonly counted: ReadonlyMap<string, bigint>;
  /** The largest counted support (smallest id among equals): stake-max's and auction's winner. */
  readonly leader: string | undefined;
}

function outlook(head: Head, kind: ProposalKind, all: readonly Lock[]): Outlook {
  const { params, state, height } = head;
  const g = params.governance;
  const active = activeRules(state);
  const pending = pendingActivation(state, kind);
  // A pending winner activates at `at` (step 1 of that block's end), before that block's decision (step 3).
  const since = pending ? pending.at : kind === 'problem' ? active.problemSince : active.grammarSince;
  const earliest = Math.max(height + 1, since + g.lockUp, 1);
  const decision = Math.ceil(earliest / g.decisionInterval) * g.decisionInterval;
  // One past its lifetime at the decision, a proposal expires in step 2, before the draw.
  const ids = listEntries(state, PROPOSAL_LIST).filter((id) => {
    const p = proposalOf(state, id)!;
    return p.kind === kind && isOpen(p, decision, g.proposalLifetime);
  });
  const counted = new Map(ids.map((id) => [toHex(id), 0n]));
  for (const lock of all) {
    const sum = counted.get(lock.proposal);
    if (sum !== undefined && lockCounts(params, lock.since, decision)) counted.set(lock.proposal, sum + lock.amount);
  }
  const total = [...counted.values()].reduce((a, b) => a + b, 0n);
  const supply = decisionSupply(params, state, decision);
  const needed = BigInt(g.quorumBp) * supply;
  const candidates = ids.map((id) => ({ id, counted: counted.get(toHex(id))! }));
  const leader = chooseWinner('stake-max', candidates, NO_SEED, kind);
  return {
    kind,
    decision,
    supply,
    quorum: (needed + BASIS - 1n) / BASIS,
    total,
    reachesQuorum: reachesQuorum(params, total, supply),
    counted,
    leader: leader && toHex(leader.id),
  };
}

/** Its chance of winning the decision if one is made: counted / total for the lottery, 1 for stake-max's and
 * auction's leader, else 0. Six decimals. */
function oddsOf(head: Head, o: Outlook, id: string): number {
  const counted = o.counted.get(id) ?? 0n;
  if (head.params.governance.selection !== 'lottery') return o.leader === id ? 1 : 0;
  return o.total === 0n ? 0 : Number((counted * 1_000_000n) / o.total) / 1_000_000;
}

export interface KindJson {
  readonly kind: ProposalKind;
  readonly nextDecision: number;
  readonly supply: string;
  readonly quorum: string;
  readonly counted: string;
  readonly reachesQuorum: boolean;
  readonly candidates: number;
  readonly leader: string | null;
}

export interface GovernanceJson {
  readonly height: number;
  readonly active: {
    readonly problemId: string;
    readonly problemSince: number;
    readonly grammarId: string;
    readonly grammarSince: number;
  };
  readonly pending: readonly { kind: ProposalKind; proposal: string; rulesId: string; at: number }[];
  /** The earliest of the kinds' next decisions, and the supply and quorum there. */
  readonly nextDecision: number;
  readonly selection: string;
  readonly supply: string;
  readonly quorumBp: number;
  readonly quorum: string;
  readonly params: {
    readonly minDeposit: string;
    readonly proposalLifetime: number;
    readonly decisionInterval: number;
    readonly confirmBlocks: number;
    readonly activationDelay: number;
    readonly lockUp: number;
  };
  readonly kinds: readonly KindJson[];
}

export function governanceView(head: Head): GovernanceJson {
  const { params, state, height } = head;
  const g = params.governance;
  const a = activeRules(state);
  const all = locks(head);
  const outlooks = PROPOSAL_KINDS.map((kind) => outlook(head, kind, all));
  const next = outlooks.reduce((o, x) => (x.decision < o.decision ? x : o));
  const pending = PROPOSAL_KINDS.flatMap((kind) => {
    const p = pendingActivation(state, kind);
    return p ? [{ kind, proposal: toHex(p.proposal), rulesId: toHex(p.rulesId), at: p.at }] : [];
  });
  return {
    height,
    active: {
      problemId: toHex(a.problemId),
      problemSince: a.problemSince,
      grammarId: toHex(a.grammarId),
      grammarSince: a.grammarSince,
    },
    pending,
    nextDecision: next.decision,
    selection: g.selection,
    supply: next.supply.toString(),
    quorumBp: g.quorumBp,
    quorum: next.quorum.toString(),
    params: {
      minDeposit: g.minDeposit.toString(),
      proposalLifetime: g.proposalLifetime,
      decisionInterval: g.decisionInterval,
      confirmBlocks: g.confirmBlocks,
      activationDelay: g.activationDelay,
      lockUp: g.lockUp,
    },
    kinds: outlooks.map((o) => ({
      kind: o.kind,
      nextDecision: o.decision,
      supply: o.supply.toString(),
      quorum: o.quorum.toString(),
      counted: o.total.toString(),
      reachesQuorum: o.reachesQuorum,
      candidates: o.counted.size,
      leader: o.leader ?? null,
    })),
  };
}

/** The payload of the transaction that made a proposal. */
export type ProposalPayload = ProposeProblemPayload | ProposeGrammarPayload;

export interface ProposalJson {
  readonly id: string;
  readonly kind: ProposalKind;
  /** A problem's name (free text from its proposer); null for a grammar. */
  readonly name: string | null;
  readonly proposer: string;
  readonly deposit: string;
  readonly created: number;
  /** The height at whose end it expires unless selected before. */
  readonly expires: number;
  readonly status: Proposal['status'];
  readonly support: string;
  /** Its kind's next decision, and its support counted there (the confirm rule); null and 0 unless open then. */
  readonly decision: number | null;
  readonly counted: string;
  readonly odds: number;
  readonly leads: boolean;
}

export interface SupportJson {
  readonly address: string;
  readonly amount: string;
  readonly since: number;
  /** Whether it counts at the next decision (locked at least C blocks before it). */
  readonly counted: boolean;
}

export interface ProposalDetailJson extends ProposalJson {
  /** The transaction that made it. */
  readonly tx: string;
  readonly problem: {
    readonly dataRoot: string;
    readonly dataSize: number;
    readonly input: string;
    readonly classes: number;
    readonly metric: string;
    readonly threshold: ProposeProblemPayload['threshold'];
    readonly maxModelBytes: number;
  } | null;
  readonly grammar: { readonly grammarId: string; readonly fileRoot: string; readonly fileSize: number } | null;
  readonly supports: readonly SupportJson[];
}

/** Views of several proposals of one head, sharing one walk of the support list. */
export class ProposalViews {
  private readonly all: Lock[];
  private readonly outlooks = new Map<ProposalKind, Outlook>();

  constructor(private readonly head: Head) {
    this.all = locks(head);
  }

  private outlook(kind: ProposalKind): Outlook {
    let o = this.outlooks.get(kind);
    if (!o) this.outlooks.set(kind, (o = outlook(this.head, kind, this.all)));
    return o;
  }

  /** Undefined when the head state has no such proposal. */
  summary(id: Uint8Array, payload: ProposalPayload): ProposalJson | undefined {
    const p = proposalOf(this.head.state, id);
    if (!p) return undefined;
    const hex = toHex(id);
    const o = this.outlook(p.kind);
    const candidate = o.counted.has(hex);
    return {
      id: hex,
      kind: p.kind,
      name: payload.kind === 'propose-problem' ? utf8Text(payload.name) : null,
      proposer: formatAddress(p.proposer),
      deposit: p.deposit.toString(),
      created: p.created,
      expires: p.created + this.head.params.governance.proposalLifetime + 1,
      status: p.status,
      support: p.support.toString(),
      decision: candidate ? o.decision : null,
      counted: (o.counted.get(hex) ?? 0n).toString(),
      odds: candidate ? oddsOf(this.head, o, hex) : 0,
      leads: o.leader === hex,
    };
  }

  detail(id: Uint8Array, payload: ProposalPayload, tx: Uint8Array): ProposalDetailJson | undefined {
    const summary = this.summary(id, payload);
    if (!summary) return undefined;
    const { decision } = summary;
    return {
      ...summary,
      tx: toHex(tx),
      problem:
        payload.kind === 'propose-problem'
          ? {
              dataRoot: toHex(payload.dataRoot),
              dataSize: payload.dataSize,
              input: describeShape(payload.input),
              classes: payload.classes,
              metric: payload.metric,
              threshold: payload.threshold,
              maxModelBytes: payload.maxModelBytes,
            }
          : null,
      grammar:
        payload.kind === 'propose-grammar'
          ? { grammarId: toHex(payload.grammarId), fileRoot: toHex(payload.fileRoot), fileSize: payload.fileSize }
          : null,
      supports: this.all
        .filter((l) => l.proposal === summary.id)
        .map((l) => ({
          address: formatAddress(l.address),
          amount: l.amount.toString(),
          since: l.since,
          counted: decision !== null && lockCounts(this.head.params, l.since, decision),
        })),
    };
  }
}

const KIND = { type: 'string', enum: PROPOSAL_KINDS };

export const GOVERNANCE = object({
  height: { ...UINT, description: 'the head this describes' },
  active: object(
    {
      problemId: HASH,
      problemSince: { ...UINT, description: 'the height at whose end it became active (0: genesis)' },
      grammarId: HASH,
      grammarSince: UINT,
    },
    'the problem and grammar the next block is judged by',
  ),
  pending: arrayOf(
    object(
      {
        kind: KIND,
        proposal: HASH,
        rulesId: HASH,
        at: { ...UINT, description: 'the height at whose end it activates' },
      },
      'a selected proposal waiting for its activation',
    ),
  ),
  nextDecision: { ...UINT, description: "the earliest of the kinds' next decisions" },
  selection: { type: 'string', enum: ['lottery', 'stake-max', 'auction'] },
  supply: { ...AMOUNT, description: 'the supply there: genesis allocation and block rewards' },
  quorumBp: UINT,
  quorum: { ...AMOUNT, description: 'the counted support a kind needs there' },
  params: object({
    minDeposit: AMOUNT,
    proposalLifetime: UINT,
    decisionInterval: UINT,
    confirmBlocks: UINT,
    activationDelay: UINT,
    lockUp: UINT,
  }),
  kinds: arrayOf(
    object(
      {
        kind: KIND,
        nextDecision: { ...UINT, description: 'its next decision: no pending activation, lock-up run' },
        supply: AMOUNT,
        quorum: AMOUNT,
        counted: { ...AMOUNT, description: 'support counted there (locked C blocks before), all candidates' },
        reachesQuorum: { type: 'boolean' },
        candidates: { ...UINT, description: 'its proposals still open at that decision' },
        leader: nullable({ ...HASH, description: 'the largest counted support (smallest id among equals)' }),
      },
      "a kind's outlook at its next decision, with the locks of the head",
    ),
  ),
});

const PROPOSAL_PROPERTIES = {
  id: HASH,
  kind: KIND,
  name: nullable({ type: 'string', description: "a problem's name, free text from its proposer; null for grammars" }),
  proposer: ADDRESS,
  deposit: AMOUNT,
  created: UINT,
  expires: { ...UINT, description: 'the height at whose end it expires unless selected' },
  status: { type: 'string', enum: PROPOSAL_STATUSES },
  support: { ...AMOUNT, description: 'coins locked behind it' },
  decision: nullable({ ...UINT, description: "its kind's next decision; null unless it is open then" }),
  counted: { ...AMOUNT, description: 'its support counted at that decision (the confirm rule)' },
  odds: { type: 'number', minimum: 0, maximum: 1, description: 'lottery: counted / total; else 1 for the leader' },
  leads: { type: 'boolean', description: 'the largest counted support of its kind' },
};

export const PROPOSAL = object(PROPOSAL_PROPERTIES, 'a proposal');

export const PROPOSAL_DETAIL = object(
  {
    ...PROPOSAL_PROPERTIES,
    tx: { ...HASH, description: 'the transaction that made it' },
    problem: nullable(
      object(
        {
          dataRoot: { ...HASH, description: "segment root of the data set's pack" },
          dataSize: UINT,
          input: { type: 'string', description: 'HxWxC for an image, N for a flat vector' },
          classes: UINT,
          metric: { type: 'string', enum: ['accuracy', 'macro-f1'] },
          threshold: THRESHOLD,
          maxModelBytes: UINT,
        },
        'a problem proposal’s payload; null for a grammar',
      ),
    ),
    grammar: nullable(
      object(
        { grammarId: HASH, fileRoot: { ...HASH, description: 'segment root of the grammar file' }, fileSize: UINT },
        'a grammar proposal’s payload; null for a problem',
      ),
    ),
    supports: arrayOf(
      object(
        {
          address: ADDRESS,
          amount: AMOUNT,
          since: { ...UINT, description: 'the height of its latest lock' },
          counted: { type: 'boolean', description: 'counts at the next decision' },
        },
        'a support record',
      ),
    ),
  },
  'a proposal, its payload and its support records',
);

export interface ProblemJson {
  readonly id: string;
  /** The genesis problem's data set, or a proposed problem's name: null here, the route fills it in. */
  name: string | null;
  readonly genesis: boolean;
  readonly status: 'past' | 'active' | 'pending';
  /** The height at whose end it became (or becomes) active: blocks from activeFrom + 1 on train it. */
  readonly activeFrom: number;
  /** The last block that trained it, once another became active; null until then. */
  readonly activeTo: number | null;
  readonly blocks: number;
  readonly firstBlock: number | null;
  readonly lastBlock: number | null;
  readonly best: readonly { height: number; hash: string; score: { correct: number; total: number; bp: number } }[];
}

/**
 * Every problem of the chain in the order it became active: the genesis one, those main-chain blocks trained, the
 * active one and a pending one. A problem is active over one run of heights (a proposal id is new to the chain,
 * PROTOCOL.md 7.3), so its blocks are the heights from its first to its last.
 */
export function problemsView(head: Head, genesisId: Uint8Array, trained: readonly TrainedProblem[]): ProblemJson[] {
  const a = activeRules(head.state);
  const pending = pendingActivation(head.state, 'problem');
  const byId = new Map(trained.map((t) => [toHex(t.id), t]));
  const ids = [toHex(genesisId), ...byId.keys(), toHex(a.problemId), ...(pending ? [toHex(pending.rulesId)] : [])];
  const views = [...new Set(ids)].map((id): ProblemJson => {
    const t = byId.get(id);
    const status = pending && id === toHex(pending.rulesId) ? 'pending' : id === toHex(a.problemId) ? 'active' : 'past';
    const activeFrom =
      status === 'pending' ? pending!.at : status === 'active' ? a.problemSince : t ? t.first.height - 1 : 0;
    return {
      id,
      name: null,
      genesis: id === toHex(genesisId),
      status,
      activeFrom,
      activeTo: status === 'past' ? (t?.last.height ?? activeFrom) : null,
      blocks: t ? t.last.height - t.first.height + 1 : 0,
      firstBlock: t?.first.height ?? null,
      lastBlock: t?.last.height ?? null,
      best: (t?.best ?? []).map((b) => ({
        height: b.height,
        hash: toHex(b.hash),
        score: { ...b.score, bp: scoreBp(b.score) },
      })),
    };
  });
  return views.sort((x, y) => x.activeFrom - y.activeFrom || Number(y.genesis) - Number(x.genesis));
}

export const PROBLEM = object(
  {
    id: { ...HASH, description: 'its problem id (a proposed one: its proposal id)' },
    name: nullable({ type: 'string', description: "the genesis problem's data set, or the proposal's name" }),
    genesis: { type: 'boolean' },
    status: { type: 'string', enum: ['past', 'active', 'pending'] },
    activeFrom: { ...UINT, description: 'the height at whose end it became (or becomes) active' },
    activeTo: nullable({ ...UINT, description: 'the last block that trained it; null while active or pending' }),
    blocks: { ...UINT, description: 'main-chain blocks that trained it' },
    firstBlock: nullable(UINT),
    lastBlock: nullable(UINT),
    best: arrayOf(
      object(
        {
          height: UINT,
          hash: HASH,
          score: object({ correct: UINT, total: UINT, bp: UINT }, 'its model’s score on the validation split'),
        },
        'one of its best models: its block',
      ),
    ),
  },
  'a problem the chain trained, trains or will train',
);
