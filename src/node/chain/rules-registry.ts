// The problems and grammars this node has loaded, and the rules of a state from them (docs/PROTOCOL.md 7.1): the
// genesis ones (load-rules.ts), and every proposal whose content passed its checks at an activation
// (src/consensus/proposal-checks.ts). A proposal's content is a stored object (its data pack, its grammar file),
// read from the local object store, else fetched by root from the network (keepers first: the node's ContentSource)
// and kept in the store for good, so that this node serves it too. Content not at hand is no verdict
// (UnknownRulesError): the fetch starts, and onContent tells the chain manager when to judge the waiting blocks
// again. What passed is remembered in <dir>/<proposal id hex>.json (the payload and the rules it was checked
// against), so a restarted node loads it again from the store without a fetch.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Block } from '../../chain/block.js';
import { activeRules, pendingActivation } from '../../chain/governance/active.js';
import type { Activations } from '../../chain/governance/decision.js';
import { proposalOf, type ProposalKind } from '../../chain/governance/proposals.js';
import type { RecordReader } from '../../chain/namespace.js';
import type { ChainParams } from '../../chain/params.js';
import { proposalIdOf, readTxPayload, writeTxPayload, type TxPayload } from '../../chain/tx-payload.js';
import type { ProposeGrammarPayload } from '../../chain/tx/propose-grammar/payload.js';
import type { ProposeProblemPayload } from '../../chain/tx/propose-problem/payload.js';
import { Reader } from '../../codec/reader.js';
import { Writer } from '../../codec/writer.js';
import { bytesEqual, hexBytes, toHex } from '../../codec/hex.js';
import { checkGrammarProposal, checkProblemProposal } from '../../consensus/proposal-checks.js';
import type { Problem } from '../../consensus/problem.js';
import { UnknownRulesError, type ConsensusRules } from '../../consensus/rules.js';
import { exactEvaluate } from '../../consensus/score-check.js';
import type { Evaluate } from '../../consensus/verify-block.js';
import type { Grammar } from '../../grammar/types.js';
import type { Dataset } from '../../ml/data/dataset.js';
import type { Split } from '../../ml/data/split.js';
import { StoreError } from '../db/errors.js';
import type { ObjectStore } from '../models/object-store.js';

export type ProposalPayload = ProposeProblemPayload | ProposeGrammarPayload;

/** A stored object from the network by root and size (its keepers first); undefined while nobody serves it. */
export type ContentSource = (root: Uint8Array, size: number) => Promise<Uint8Array | undefined>;

/** The block at a height on the branch of the state being judged (a proposal's payload is in its block). */
export type BlockAt = (height: number) => Promise<Block | undefined>;

export interface RegistryOptions {
  /** The genesis problem's whole data set (the miner trains on its train split). */
  readonly dataset?: Dataset;
  /** Where proposals' content is looked up and fetched content is kept. */
  readonly objects?: ObjectStore;
  /** Where what passed is remembered across restarts (none: only in memory). */
  readonly dir?: string;
  /** The evaluator of a problem's validation split (default: exactEvaluate, in-process). */
  readonly evaluator?: (validation: Split) => Evaluate;
}

interface LoadedProblem {
  readonly problem: Problem;
  readonly dataset: Dataset | undefined;
  readonly validation: Split;
}

/** What <dir>/<proposal id>.json holds: the payload (kind tag ‖ payload), the id of the rules it was checked with. */
interface Remembered {
  readonly payload: string;
  readonly context: string;
}

const payloadKind = (p: ProposalPayload): ProposalKind => (p.kind === 'propose-problem' ? 'problem' : 'grammar');

export class RulesRegistry {
  private readonly problems = new Map<string, LoadedProblem>();
  private readonly grammars = new Map<string, Grammar>();
  private readonly combined = new Map<string, ConsensusRules>();
  private readonly evaluators = new Map<string, Evaluate>();
  /** Payloads by proposal id: the id is the payload's hash, so one found anywhere is the one. */
  private readonly payloads = new Map<string, ProposalPayload>();
  /** Verdicts (a fault, or undefined for a pass) by `${proposal id}:${context id}`. */
  private readonly judged = new Map<string, string | undefined>();
  /** Fetches in progress, by object root. */
  private readonly fetching = new Map<string, Promise<void>>();
  private readonly listeners = new Set<() => void>();
  private source: ContentSource | undefined;

  constructor(
    readonly params: ChainParams,
    readonly genesis: ConsensusRules,
    private readonly options: RegistryOptions = {},
  ) {
    this.problems.set(toHex(genesis.problemId), {
      problem: genesis.problem,
      dataset: options.dataset,
      validation: genesis.validation,
    });
    this.grammars.set(toHex(genesis.grammarId), genesis.grammar);
  }

  /** A registry with what passed before (options.dir) loaded again from the object store. */
  static async open(params: ChainParams, genesis: ConsensusRules, options: RegistryOptions): Promise<RulesRegistry> {
    const registry = new RulesRegistry(params, genesis, options);
    await registry.reload();
    return registry;
  }

  /** Where missing content is fetched from (the node sets it once its network is up). */
  setSource(source: ContentSource): void {
    this.source = source;
  }

  /** Calls `listener` whenever fetched content arrives; returns the unsubscribe function. */
  onContent(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The rules of the problem and grammar `state` names (the parent's, for a block); unknown-rules if not loaded. */
  rulesFor(state: RecordReader): ConsensusRules {
    const { problemId, grammarId } = activeRules(state);
    const rules = this.rulesNamed(problemId, grammarId);
    if (!rules) {
      throw new UnknownRulesError(
        'unknown-rules',
        `the state's problem ${toHex(problemId)} with grammar ${toHex(grammarId)} is not loaded`,
      );
    }
    return rules;
  }

  /** The rules of these ids when both are loaded (for headers checked without their state: sync's proof). */
  rulesNamed(problemId: Uint8Array, grammarId: Uint8Array): ConsensusRules | undefined {
    const key = `${toHex(problemId)}:${toHex(grammarId)}`;
    const known = this.combined.get(key);
    if (known) return known;
    const problem = this.problems.get(toHex(problemId));
    const grammar = this.grammars.get(toHex(grammarId));
    if (!problem || !grammar) return undefined;
    const rules: ConsensusRules = {
      params: this.params,
      problem: problem.problem,
      problemId,
      grammar,
      grammarId,
      validation: problem.validation,
    };
    this.combined.set(key, rules);
    return rules;
  }

  /** The whole data set of a loaded problem (the genesis one only when the node loaded it: options.dataset). */
  dataset(problemId: Uint8Array): Dataset | undefined {
    return this.problems.get(toHex(problemId))?.dataset;
  }

  /** The evaluator of a loaded problem's validation split, made once. */
  evaluator(problemId: Uint8Array): Evaluate {
    const key = toHex(problemId);
    const known = this.evaluators.get(key);
    if (known) return known;
    const problem = this.problems.get(key);
    if (!problem) throw new UnknownRulesError('unknown-rules', `problem ${key} is not loaded`);
    const evaluate = (this.options.evaluator ?? exactEvaluate)(problem.validation);
    this.evaluators.set(key, evaluate);
    return evaluate;
  }

  /**
   * The verdict on every pending activation at `height` in `state` (the state the block at `height` executes on):
   * the problem's checked with the active grammar, then the grammar's with the problem active after the problem
   * step. A pass loads the rules. UnknownRulesError while content is not at hand (its fetch started).
   */
  async verdicts(state: RecordReader, height: number, blockAt: BlockAt): Promise<Activations> {
    const out = new Map<string, string | undefined>();
    const active = activeRules(state);
    let problemId = active.problemId;
    for (const kind of ['problem', 'grammar'] as const) {
      const pending = pendingActivation(state, kind);
      if (pending?.at !== height) continue;
      const payload = await this.payloadOf(pending.proposal, state, blockAt);
      const context = kind === 'problem' ? active.grammarId : problemId;
      const fault = await this.judge(pending.proposal, payload, context);
      out.set(toHex(pending.proposal), fault);
      if (kind === 'problem' && fault === undefined) problemId = pending.rulesId;
    }
    return out;
  }

  /**
   * Starts fetching, without waiting, the content of `state`'s pending activations and of the proposals `block`
   * makes: a winner's data is at hand before its activation needs it, and a new proposal's can be served to keepers.
   */
  prefetch(state: RecordReader, blockAt: BlockAt, block?: Block): void {
    const fetch = (payload: ProposalPayload) => {
      const { root, size } = contentOf(payload);
      void this.content(root, size);
    };
    for (const tx of block?.txs ?? []) if (isProposal(tx.payload)) fetch(tx.payload);
    for (const kind of ['problem', 'grammar'] as const) {
      const pending = pendingActivation(state, kind);
      if (pending) void this.payloadOf(pending.proposal, state, blockAt).then(fetch, () => undefined);
    }
  }

  private async payloadOf(id: Uint8Array, state: RecordReader, blockAt: BlockAt): Promise<ProposalPayload> {
    const key = toHex(id);
    const known = this.payloads.get(key);
    if (known) return known;
    const proposal = proposalOf(state, id);
    const block = proposal && (await blockAt(proposal.created));
    const tx = block?.txs.find((t) => isProposal(t.payload) && bytesEqual(proposalIdOf(t.payload), id));
    if (!tx || !isProposal(tx.payload))
      throw new UnknownRulesError('unknown-rules', `the transaction of proposal ${key} is not stored`);
    this.payloads.set(key, tx.payload);
    return tx.payload;
  }

  /** The fault of proposal `id` checked against the rules `context` (a grammar id, or a problem id), or undefined. */
  private async judge(id: Uint8Array, payload: ProposalPayload, context: Uint8Array): Promise<string | undefined> {
    const cacheKey = `${toHex(id)}:${toHex(context)}`;
    if (this.judged.has(cacheKey)) return this.judged.get(cacheKey);
    const { root, size } = contentOf(payload);
    const content = await this.local(root, size);
    if (!content) {
      void this.content(root, size);
      throw new UnknownRulesError(
        'unknown-rules',
        `the content of proposal ${toHex(id)} (object ${toHex(root)}, ${size} bytes) is not at hand yet`,
      );
    }
    const verdict = this.check(id, payload, content, context);
    if (verdict === undefined) await this.remember(id, payload, context);
    this.judged.set(cacheKey, verdict);
    return verdict;
  }

  /** Runs the proposal's checks against `context`; a pass loads its problem or grammar. */
  private check(
    id: Uint8Array,
    payload: ProposalPayload,
    content: Uint8Array,
    context: Uint8Array,
  ): string | undefined {
    if (payload.kind === 'propose-problem') {
      const grammar = this.grammars.get(toHex(context));
      if (!grammar) throw new UnknownRulesError('unknown-rules', `grammar ${toHex(context)} is not loaded`);
      const result = checkProblemProposal(payload, id, content, grammar);
      if ('fault' in result) return result.fault;
      const loaded = { problem: result.problem, dataset: result.dataset, validation: result.dataset.validation };
      this.problems.set(toHex(result.problemId), loaded);
      return undefined;
    }
    const problem = this.problems.get(toHex(context));
    if (!problem) throw new UnknownRulesError('unknown-rules', `problem ${toHex(context)} is not loaded`);
    const result = checkGrammarProposal(payload, content, problem.problem);
    if ('fault' in result) return result.fault;
    this.grammars.set(toHex(result.grammarId), result.grammar);
    return undefined;
  }

  /** The object from the local store, when it is there with the size the proposal names. */
  private async local(root: Uint8Array, size: number): Promise<Uint8Array | undefined> {
    const bytes = await this.options.objects?.get(root);
    return bytes?.length === size ? bytes : undefined;
  }

  /** Fetches the object unless it is here or on its way; stores it and tells the listeners when it arrives. */
  private content(root: Uint8Array, size: number): Promise<void> {
    const key = toHex(root);
    const { objects } = this.options;
    if (!objects || !this.source || objects.has(root)) return Promise.resolve();
    const inFlight = this.fetching.get(key);
    if (inFlight) return inFlight;
    const source = this.source;
    const fetch = (async () => {
      try {
        const bytes = await source(root, size);
        if (!bytes) return;
        await objects.put(bytes);
        for (const listener of this.listeners) listener();
      } catch {
        // Nobody served it (or not whole): tried again at the next prefetch or verdict.
      } finally {
        this.fetching.delete(key);
      }
    })();
    this.fetching.set(key, fetch);
    return fetch;
  }

  private async remember(id: Uint8Array, payload: ProposalPayload, context: Uint8Array): Promise<void> {
    const { dir } = this.options;
    if (!dir) return;
    const w = new Writer();
    writeTxPayload(w, payload);
    const record: Remembered = { payload: toHex(w.finish()), context: toHex(context) };
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `${toHex(id)}.json`), JSON.stringify(record));
  }

  /** Loads what passed before, each once the rules it was checked against are loaded (a problem, then its grammar). */
  private async reload(): Promise<void> {
    const { dir } = this.options;
    if (!dir) return;
    const names = await readdir(dir).catch(() => [] as string[]);
    let waiting: { id: Uint8Array; payload: ProposalPayload; context: Uint8Array }[] = [];
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const file = join(dir, name);
      let entry;
      try {
        const record = JSON.parse(await readFile(file, 'utf8')) as Remembered;
        const payload = readTxPayload(new Reader(hexBytes(record.payload)));
        if (!isProposal(payload)) throw new Error(`a ${payload.kind} payload`);
        entry = { id: proposalIdOf(payload), payload, context: hexBytes(record.context) };
      } catch (err) {
        throw new StoreError('corrupt', `${file}: not a remembered proposal (${(err as Error).message})`);
      }
      this.payloads.set(toHex(entry.id), entry.payload);
      waiting.push(entry);
    }
    for (let progress = true; progress && waiting.length > 0;) {
      const left: typeof waiting = [];
      for (const w of waiting) {
        const loaded = (payloadKind(w.payload) === 'problem' ? this.grammars : this.problems).has(toHex(w.context));
        const { root, size } = contentOf(w.payload);
        const content = loaded ? await this.local(root, size) : undefined;
        if (content)
          this.judged.set(`${toHex(w.id)}:${toHex(w.context)}`, this.check(w.id, w.payload, content, w.context));
        else left.push(w);
      }
      progress = left.length < waiting.length;
      waiting = left;
    }
  }
}

function isProposal(p: TxPayload): p is ProposalPayload {
  return p.kind === 'propose-problem' || p.kind === 'propose-grammar';
}

/** The stored object a proposal names. */
function contentOf(p: ProposalPayload): { root: Uint8Array; size: number } {
  return p.kind === 'propose-problem' ? { root: p.dataRoot, size: p.dataSize } : { root: p.fileRoot, size: p.fileSize };
}
