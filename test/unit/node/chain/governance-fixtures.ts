// Governance on the tiny chain of the proof-of-useful-work tests (pouw-fixtures.ts): a second problem's data set as
// a real folder (manifest and CSV files, flat inputs of 4 features, the same "is x0 > x1?" task on fresh samples),
// a grammar upgrade for flat inputs, and the propose and support transactions alice sends. With the ledger tests'
// governance parameters (P = 4, C = 2, A = 2, lock-up 4), a proposal supported at block 1 is decided at block 4 and
// activated at the end of block 6; one supported at block 5 is decided at 8 and activated at 10.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Transaction } from '../../../../src/chain/transaction.js';
import { proposalIdOf, type TxPayload } from '../../../../src/chain/tx-payload.js';
import type { ProposeGrammarPayload } from '../../../../src/chain/tx/propose-grammar/payload.js';
import type { ProposeProblemPayload } from '../../../../src/chain/tx/propose-problem/payload.js';
import { signTransaction } from '../../../../src/chain/tx-signing.js';
import { toHex } from '../../../../src/codec/hex.js';
import { segmentRoot } from '../../../../src/crypto/segment-tree.js';
import { sha3_256 } from '../../../../src/crypto/hash.js';
import { grammarId } from '../../../../src/grammar/id.js';
import { Random } from '../../../../src/ml/tensor/random.js';
import { params, type TestKey } from '../../../helpers/chain/fixtures.js';
import { fixedThreshold } from '../../consensus/pouw-fixtures.js';

/** Support enough for the quorum (10% of the supply: 10,500 allocated plus the block rewards). */
export const SUPPORT = 3000n;

/** A grammar upgrade for flat inputs: seven small dense layers, enough choice for grammar check --strict. */
export const UPGRADE_TEXT = `# max-depth: 4
<net> ::= <hidden> <hidden> <hidden> <hidden> <hidden> <hidden> <hidden>
<hidden> ::= dense <units> <act> dropout <rate>
<units> ::= 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11
<act> ::= relu | tanh
<rate> ::= ${Array.from({ length: 64 }, (_, i) => ((i + 1) / 100).toFixed(2)).join(' | ')}
`;

/** Writes a data set folder of flat 4-feature samples, labelled by x0 > x1, under `dir`; returns the folder. */
export async function writeFlatDataSet(dir: string, o: { train?: number; validation?: number; seed?: number } = {}) {
  const rng = new Random(o.seed ?? 5);
  const csv = (count: number) =>
    Array.from({ length: count }, () => {
      const x = Array.from({ length: 4 }, () => Math.floor(rng.float() * 256));
      return [x[0] > x[1] ? 1 : 0, ...x].join(',');
    }).join('\n') + '\n';
  const files = { 'train.csv': csv(o.train ?? 256), 'validation.csv': csv(o.validation ?? 200) };
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  const manifest = {
    name: 'flat-halves',
    input: { kind: 'flat', n: 4 },
    classes: 2,
    metric: 'accuracy',
    files: Object.fromEntries(Object.entries(files).map(([n, t]) => [n, toHex(sha3_256(Buffer.from(t)))])),
    train: { csv: 'train.csv', scale: 255 },
    validation: { csv: 'validation.csv', scale: 255 },
  };
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

/** A propose-problem payload for the data pack `pack` (flat 4 features, 2 classes, the tiny chain's threshold). */
export function problemPayload(pack: Uint8Array, over: Partial<ProposeProblemPayload> = {}): ProposeProblemPayload {
  return {
    kind: 'propose-problem',
    name: new TextEncoder().encode('flat halves'),
    dataRoot: segmentRoot(pack),
    dataSize: pack.length,
    input: { kind: 'flat', n: 4 },
    classes: 2,
    metric: 'accuracy',
    threshold: fixedThreshold,
    maxModelBytes: 4096,
    deposit: params.governance.minDeposit,
    ...over,
  };
}

export function grammarPayload(file: Uint8Array): ProposeGrammarPayload {
  return {
    kind: 'propose-grammar',
    grammarId: grammarId(file),
    fileRoot: segmentRoot(file),
    fileSize: file.length,
    deposit: params.governance.minDeposit,
  };
}

/** A governance transaction (fee 1, no amount, the zero recipient). */
export function govTx(from: TestKey, nonce: number, payload: TxPayload): Transaction {
  return signTransaction(
    {
      chainId: params.chainId,
      sender: from.publicKey,
      nonce,
      recipient: new Uint8Array(20),
      amount: 0n,
      fee: 1n,
      payload,
    },
    from.seed,
  );
}

export const supportOf = (proposal: TxPayload, amount = SUPPORT): TxPayload => ({
  kind: 'support',
  proposal: proposalIdOf(proposal),
  amount,
});
