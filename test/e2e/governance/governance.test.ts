// Governance end to end (issue 13's second "Done when"), on real node processes: a devnet of one miner, one follower
// and 2 keepers on the tiny image chain, with governance made quick (`coinai devnet --governance`: a decision every
// 2 blocks, support counted after 1 block, activation 2 blocks after the decision, no lock-up).
//   1. A holder proposes a second problem from a data folder (the inverted digits, test/helpers/governance-data.ts:
//      `coinai propose problem --data DIR`), another account supports it (`coinai support`); it is drawn at a
//      decision and activated. The blocks after the activation carry its proposal id as their problem id and are
//      scored on its 1,008 validation samples; every node agrees on the head. A node started after the switch,
//      whose only peers are the keepers, syncs across it (the data pack fetched from them).
//   2. The same for a grammar upgrade (`coinai propose grammar test/fixtures/cnn-v2-small.bnf`), proposed once the
//      second problem is active: the blocks after its activation carry its grammar id; a second late node syncs
//      across both switches.
// `coinai proposals` and GET /api/proposals are checked along the way. Everything is polled with generous
// timeouts, never slept on: blocks come at their own pace on a loaded 2-core machine, and every bound is counted
// in blocks.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toHex } from '../../../src/codec/hex.js';
import { problemId } from '../../../src/consensus/problem.js';
import { Devnet, type DevnetNode } from '../../../src/devnet/devnet.js';
import { DEVNET_PASSWORD, type DevAccount } from '../../../src/devnet/devnet-chain.js';
import type { NodeProcess } from '../../../src/devnet/node-process.js';
import type { GovernanceJson, ProblemJson, ProposalJson } from '../../../src/node/api/views/governance.js';
import type { StoredObjectJson } from '../../../src/node/api/views/storage.js';
import { runCliAsync } from '../../helpers/cli.js';
import { INVERTED_THRESHOLD, VALIDATION_SAMPLES, writeInvertedDigits } from '../../helpers/governance-data.js';
import { writeTinyImageChain } from '../../helpers/tiny-image-chain.js';
import { CLI, Cluster, commonHead, eventually } from '../cluster.js';

/** Real training and two rule switches on a loaded machine. */
const TIMEOUT_MS = 600_000;
const GOVERNANCE = { decisionInterval: '2', confirmBlocks: '1', activationDelay: '2', lockUp: '0', quorumBp: '500' };
/** What the supporter locks behind each proposal: 10% of the dev accounts' coins, over the 5% quorum. */
const SUPPORT = 400_000_000_000n;
const GRAMMAR_FILE = fileURLToPath(new URL('../../fixtures/cnn-v2-small.bnf', import.meta.url));
/** Blocks mined on new rules before the test moves on. */
const BLOCKS_AFTER = 2;

interface HeaderJson {
  readonly height: number;
  readonly hash: string;
  readonly problemId: string;
  readonly grammarId: string;
  readonly score: { readonly correct: number; readonly total: number };
}

let dir: string;
let devnet: Devnet;
let cluster: Cluster;
let miner: NodeProcess;
let follower: NodeProcess;
/** The proposer (the follower's account) and the supporter (the miner's). */
let holder: DevAccount;
let supporter: DevAccount;
let dataDir: string;
let genesisProblem: string;
let genesisGrammar: string;
/** The second problem's proposal id, once adopted. */
let secondProblem: string | undefined;

async function getJson<T>(node: NodeProcess, path: string): Promise<T> {
  const res = await fetch(`${node.addresses.api}${path}`);
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function headerAt(node: NodeProcess, height: number): Promise<HeaderJson | undefined> {
  const { blocks } = await getJson<{ blocks: HeaderJson[] }>(node, `/api/blocks?from=${height}&count=1`);
  return blocks[0];
}

/** `coinai ARGS --json`, against the node's API when given one, signed with `key` when given one; its JSON. */
async function cli<T>(node: NodeProcess | undefined, args: readonly string[], key?: DevAccount): Promise<T> {
  const more = [...(key ? ['--key', key.file] : []), ...(node ? ['--api', node.addresses.api] : []), '--json'];
  const r = await runCliAsync([...args, ...more], { COINAI_PASSWORD: DEVNET_PASSWORD });
  assert.equal(r.status, 0, `coinai ${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

const proposal = async (node: NodeProcess, id: string) =>
  (await getJson<{ proposals: ProposalJson[] }>(node, '/api/proposals')).proposals.find((p) => p.id === id);

const keepers = () => devnet.keepers.map((k: DevnetNode) => k.process);

/**
 * The flow both switches share, from a proposal already sent: another account supports it once it is in a block,
 * it is selected at a decision (GET /api/proposals and `coinai proposals` say so) with its activation pending A
 * blocks later (GET /api/governance), the supporter withdraws, and `BLOCKS_AFTER` blocks are mined on the rules it
 * activates, the first one right after the activation height, on every node. Returns that height.
 */
async function adopt(id: string, kind: 'problem' | 'grammar', rulesId: string): Promise<number> {
  const open = await eventually('the proposal in a block', async () => await proposal(follower, id), TIMEOUT_MS);
  assert.equal(open.status, 'open');
  assert.equal(open.kind, kind);
  await cli(miner, ['support', id, '--amount', SUPPORT.toString()], supporter);
  await eventually(
    'the proposal supported',
    async () => BigInt((await proposal(miner, id))?.support ?? 0) === SUPPORT,
    TIMEOUT_MS,
  );
  await eventually(
    'the proposal selected at a decision',
    async () => (await proposal(miner, id))?.status === 'selected',
    TIMEOUT_MS,
  );
  // The follower lists it once it holds the decision block too (it may be a block behind the miner).
  await eventually(
    '`coinai proposals` on the follower lists it selected',
    async () =>
      (await cli<{ proposals: ProposalJson[] }>(follower, ['proposals'])).proposals.find((p) => p.id === id)?.status ===
      'selected',
    TIMEOUT_MS,
  );
  const active = (g: GovernanceJson) => (kind === 'problem' ? g.active.problemId : g.active.grammarId);
  const since = (g: GovernanceJson) => (kind === 'problem' ? g.active.problemSince : g.active.grammarSince);
  // The activation height, pending until that block (or read back from the active rules if it is already past).
  const at = await eventually(
    'the activation height',
    async () => {
      const g = await getJson<GovernanceJson>(miner, '/api/governance');
      const pending = g.pending.find((p) => p.proposal === id);
      if (pending) assert.deepEqual([pending.kind, pending.rulesId], [kind, rulesId]);
      return pending?.at ?? (active(g) === rulesId && since(g));
    },
    TIMEOUT_MS,
  );
  const { decisionInterval, activationDelay } = GOVERNANCE;
  assert.equal((at - Number(activationDelay)) % Number(decisionInterval), 0, `activation at ${at}: A after a decision`);
  // Decided: the supporter takes its coins back (they back the next proposal).
  await cli(miner, ['withdraw', id], supporter);
  await eventually('the support withdrawn', async () => (await proposal(miner, id))?.support === '0', TIMEOUT_MS);

  const nodes = devnet.nodes.map((n) => n.process);
  const head = await eventually(
    `every node at a common head ${BLOCKS_AFTER} blocks past the activation at ${at}`,
    () => commonHead(nodes, at + BLOCKS_AFTER),
    TIMEOUT_MS,
  );
  const switched = (h: HeaderJson) => (kind === 'problem' ? h.problemId : h.grammarId) === rulesId;
  for (let h = 1; h <= head.height; h++) {
    const header = (await headerAt(follower, h))!;
    assert.equal(switched(header), h > at, `block ${h} is on the ${h > at ? 'new' : 'old'} rules`);
  }
  const g = await getJson<GovernanceJson>(follower, '/api/governance');
  assert.deepEqual([active(g), since(g)], [rulesId, at], 'the active rules since the activation');
  return at + 1;
}

/** Waits until the stored object `root` (a proposal's content) has a replica on every keeper. */
async function onKeepers(root: string, what: string): Promise<void> {
  const o = await eventually(
    `${what} on the keepers`,
    async () => {
      const found = await getJson<StoredObjectJson>(miner, `/api/storage/${root}`);
      return found.replicas.length === devnet.keepers.length && found;
    },
    TIMEOUT_MS,
  );
  assert.equal(o.kind, 'data');
}

/** A node started now whose only peers are the keepers: it syncs to `height` and agrees with the miner there. */
async function lateNode(name: string, height: number): Promise<void> {
  const late = await cluster.start(name, { bootstrap: keepers() });
  await eventually(
    `${name} at height ${height}`,
    async () => ((await getJson<{ height: number }>(late, '/api/status')).height >= height ? true : undefined),
    TIMEOUT_MS,
  );
  assert.equal((await headerAt(late, height))?.hash, (await headerAt(miner, height))?.hash);
  const { peers } = await getJson<{ peers: { id: string }[] }>(late, '/api/peers');
  const keeperIds = new Set(keepers().map((k) => k.addresses.peerId));
  assert.ok(peers.length > 0 && peers.every((p) => keeperIds.has(p.id)), `peers ${peers.map((p) => p.id)}`);
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coinai-governance-'));
  const { file, config } = await writeTinyImageChain(dir, []);
  genesisProblem = toHex(problemId(config.problem));
  genesisGrammar = toHex(config.grammar.id);
  dataDir = await writeInvertedDigits(join(dir, 'inverted-digits'));
  devnet = await Devnet.start({
    dir: join(dir, 'devnet'),
    template: file,
    governance: GOVERNANCE,
    nodes: 2,
    miners: 1,
    keepers: 2,
    apiPort: 0,
    workers: 1,
    cli: CLI,
  });
  [miner, follower] = devnet.nodes.map((n) => n.process);
  [supporter, holder] = devnet.chain.accounts;
  cluster = new Cluster(dir, devnet.chain.genesisFile);
});

after(async () => {
  const codes = [...((await devnet?.stop()) ?? []), ...((await cluster?.stopAll()) ?? [])];
  assert.ok(
    codes.every((c) => c === 0),
    `the nodes stop cleanly (exit codes ${codes})`,
  );
  await rm(dir, { recursive: true, force: true });
});

describe('governance on a devnet with keepers', () => {
  test('a second problem from a data folder: proposed, supported, drawn, activated, mined on; a late node syncs across', async () => {
    const proposed = await cli<{ proposalId: string; root: string }>(
      follower,
      ['propose', 'problem', '--data', dataDir, '--threshold', thresholdOption()],
      holder,
    );
    const id = proposed.proposalId;
    const first = await adopt(id, 'problem', id);
    secondProblem = id;
    for (const h of [first, first + BLOCKS_AFTER - 1]) {
      const header = (await headerAt(follower, h))!;
      assert.equal(header.score.total, VALIDATION_SAMPLES, `block ${h} is scored on the second problem's validation`);
      assert.equal(header.grammarId, genesisGrammar);
    }
    assert.equal((await headerAt(follower, first - 1))!.problemId, genesisProblem);
    // The problems' history: the genesis one trained up to the activation, the second one since.
    const { problems } = await getJson<{ problems: ProblemJson[] }>(follower, '/api/problems');
    const [genesis, second] = problems;
    assert.deepEqual(
      [genesis.id, genesis.status, genesis.activeTo, second.id, second.status, second.activeFrom, second.firstBlock],
      [genesisProblem, 'past', first - 1, id, 'active', first - 1, first],
    );
    assert.equal(second.name, 'inverted-digits');

    await onKeepers(proposed.root, 'the data pack');
    await lateNode('late1', first + BLOCKS_AFTER - 1);
  });

  test('a grammar upgrade: proposed, supported, drawn, activated, mined on; a late node syncs across both switches', async () => {
    assert.ok(secondProblem, 'the second problem is active');
    const checked = await cli<{ grammarId: string }>(undefined, ['grammar', 'check', '--strict', GRAMMAR_FILE]);
    const proposed = await cli<{ proposalId: string; root: string }>(
      follower,
      ['propose', 'grammar', GRAMMAR_FILE],
      holder,
    );
    const first = await adopt(proposed.proposalId, 'grammar', checked.grammarId);
    const header = (await headerAt(follower, first))!;
    assert.equal(header.problemId, secondProblem, 'the problem stays the second one');
    assert.equal(header.score.total, VALIDATION_SAMPLES);
    await onKeepers(proposed.root, 'the grammar file');
    await lateNode('late2', first + BLOCKS_AFTER - 1);
  });
});

function thresholdOption(): string {
  const t = INVERTED_THRESHOLD;
  return [t.startBp, t.floorBp, t.decayBp, t.decaySeconds].join(',');
}
