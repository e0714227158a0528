// `coinai propose problem --data DIR` and `coinai propose grammar FILE`: packs the data set folder (one stored
// object, PROTOCOL.md 7.3) or reads the grammar file, checks it here first, uploads it to the node
// (POST /api/objects: the node serves it to the keepers the proposal places it on), then signs and sends the
// proposal with its deposit. Nothing is uploaded or sent when a check fails: a folder without a data set, a grammar
// that fails `grammar check --strict` on the active problem, a deposit below the chain's minimum or above the
// balance. A proposal whose content fails the chain's checks at activation loses its deposit (7.6).
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { analyseHead, strictFaults } from '../../arch/grammar-analysis.js';
import { describeShape, parseShape } from '../../arch/describe.js';
import { MAX_AMOUNT, MAX_UINT } from '../../chain/params.js';
import type { ThresholdParams } from '../../chain/governance/problem-spec.js';
import type { GovernanceJson } from '../../node/api/views/governance.js';
import { proposalIdOf, type TxPayload } from '../../chain/tx-payload.js';
import { MAX_PROPOSAL_NAME_LENGTH } from '../../chain/tx/propose-problem/payload.js';
import { bytesEqual, toHex } from '../../codec/hex.js';
import { checkProblemProposal } from '../../consensus/proposal-checks.js';
import { sha3_256 } from '../../crypto/hash.js';
import { segmentRoot } from '../../crypto/segment-tree.js';
import { packDataset } from '../../io/data/export.js';
import { loadGrammar } from '../../io/grammar-file.js';
import { datasetFromFiles, decodePack } from '../../ml/data/pack.js';
import { ApiClient } from '../api-client.js';
import { activeProblem, checkBalance, governance, sender, type Sender } from '../governance.js';
import { parseBigInteger, parseInteger, parseThresholdSchedule } from '../options.js';
import { CliError, print } from '../output.js';
import { sendKind, signing, type SignOptions } from '../tx-fields.js';

interface ProposeOptions extends SignOptions {
  deposit?: bigint;
}

interface ProblemOptions extends ProposeOptions {
  data: string;
  name?: string;
  threshold?: ThresholdParams;
  maxModelBytes?: number;
}

/** The deposit given, or the chain's minDeposit; refused below the minimum or above the balance. */
async function deposit(client: ApiClient, gov: GovernanceJson, from: Sender, opts: ProposeOptions): Promise<bigint> {
  const min = BigInt(gov.params.minDeposit);
  const amount = opts.deposit ?? min;
  if (amount < min) throw new CliError(`--deposit ${amount} is below the chain's minDeposit ${min}`);
  await checkBalance(client, from, amount);
  return amount;
}

/** Uploads the object and checks that the node stored what we hold (its root is ours). */
async function upload(client: ApiClient, bytes: Uint8Array): Promise<{ root: Uint8Array; size: number }> {
  const root = segmentRoot(bytes);
  const stored = await client.upload<{ root: string; size: number }>('/api/objects', bytes);
  if (stored.root !== toHex(root) || stored.size !== bytes.length)
    throw new CliError(`the node stored ${stored.root} (${stored.size} bytes), not ${toHex(root)} (${bytes.length})`);
  return { root, size: bytes.length };
}

async function propose(opts: ProposeOptions, payload: TxPayload, object: { root: Uint8Array; size: number }) {
  const sent = await sendKind(opts, () => payload);
  const id = toHex(proposalIdOf(payload));
  print(
    opts.json,
    { ...sent, proposalId: id, root: toHex(object.root), size: object.size },
    (d) =>
      `sent ${d.hash}\nproposal ${d.proposalId}\n${payload.kind === 'propose-problem' ? 'pack' : 'file'} ` +
      `${d.root} (${d.size} bytes)\nsupport it: coinai support ${d.proposalId} --amount N`,
  );
}

function nameBytes(name: string): Uint8Array {
  const bytes = new TextEncoder().encode(name);
  if (bytes.length < 1 || bytes.length > MAX_PROPOSAL_NAME_LENGTH)
    throw new CliError(`--name must be 1..${MAX_PROPOSAL_NAME_LENGTH} bytes of UTF-8, not ${bytes.length}`);
  return bytes;
}

export function register(program: Command): void {
  const proposeCmd = program
    .command('propose')
    .description('propose a problem (a data set) or a grammar for the chain to train next, with a deposit');
  const depositOption = (cmd: Command) =>
    cmd.option(
      '--deposit <n>',
      "coins locked until the proposal is decided or expires (default: the chain's minDeposit)",
      parseBigInteger('--deposit', MAX_AMOUNT),
    );

  signing(
    depositOption(
      proposeCmd
        .command('problem')
        .description('pack a data set folder (manifest.json and its files, or MNIST IDX files), upload it, propose it')
        .requiredOption('--data <dir>', 'the data set folder')
        .option('--name <text>', `a name for people, 1..${MAX_PROPOSAL_NAME_LENGTH} bytes (default: the manifest's)`)
        .option(
          '--threshold <start,floor,decay,seconds>',
          "a fixed threshold schedule in basis points (default: the active problem's)",
          parseThresholdSchedule('--threshold'),
        )
        .option(
          '--max-model-bytes <n>',
          "the largest model file a block may carry (default: the active problem's)",
          parseInteger('--max-model-bytes', { min: 1, max: MAX_UINT }),
        ),
    ),
    "the proposer's",
  ).action(async (opts: ProblemOptions) => {
    const client = new ApiClient(opts.api);
    const from = await sender(client, opts);
    const pack = packDataset(opts.data);
    const dataset = datasetFromFiles(decodePack(pack), opts.data);
    const gov = await governance(client);
    const active = await activeProblem(client, gov);
    const payload: TxPayload = {
      kind: 'propose-problem',
      name: nameBytes(opts.name ?? dataset.name),
      dataRoot: segmentRoot(pack),
      dataSize: pack.length,
      input: dataset.input,
      classes: dataset.classes,
      metric: dataset.metric,
      threshold: opts.threshold ?? active.threshold,
      maxModelBytes: opts.maxModelBytes ?? active.maxModelBytes,
      deposit: await deposit(client, gov, from, opts),
    };
    // The chain's own check, with the grammar the chain has active when it is the bundled one (the usual case).
    const grammar = loadGrammar();
    if (toHex(grammar.id) === gov.active.grammarId) {
      const check = checkProblemProposal(payload, proposalIdOf(payload), pack, grammar.grammar);
      if ('fault' in check) throw new CliError(`${opts.data} would fail the chain's checks: ${check.fault}`);
    }
    await propose(opts, payload, await upload(client, pack));
  });

  signing(
    depositOption(
      proposeCmd
        .command('grammar')
        .description('check a grammar file as grammar check --strict does on the active problem, upload it, propose it')
        .argument('<file>', 'the grammar file (.bnf)'),
    ),
    "the proposer's",
  ).action(async (file: string, opts: ProposeOptions) => {
    const client = new ApiClient(opts.api);
    const from = await sender(client, opts);
    const { id, grammar } = loadGrammar(file);
    const gov = await governance(client);
    const active = await activeProblem(client, gov);
    const input = parseShape(active.input);
    if (!input) throw new CliError(`the node's problem has an input '${active.input}' this command cannot read`);
    const faults = strictFaults(grammar, analyseHead(grammar, input, active.classes), input);
    if (faults.length > 0) {
      throw new CliError(
        `${file} fails --strict on the active problem (${describeShape(input)}, ${active.classes} classes): ` +
          faults.join('; '),
      );
    }
    const bytes = new Uint8Array(await readFile(file));
    if (!bytesEqual(sha3_256(bytes), id)) throw new CliError(`${file} changed while it was checked`);
    const payload: TxPayload = {
      kind: 'propose-grammar',
      grammarId: id,
      fileRoot: segmentRoot(bytes),
      fileSize: bytes.length,
      deposit: await deposit(client, gov, from, opts),
    };
    await propose(opts, payload, await upload(client, bytes));
  });
}
