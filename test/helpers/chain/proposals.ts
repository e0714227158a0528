// Proposal payloads for the governance tests (docs/PROTOCOL.md 7.3): a problem on 8x8 one-channel images in two
// classes and grammar upgrade number n, each naming a stored object by a made-up root.
import type { ProposeGrammarPayload, ProposeProblemPayload } from '../../../src/chain/tx-payload.js';
import { sha3_256 } from '../../../src/crypto/hash.js';

export const problemProposal = (name: string, deposit: bigint): ProposeProblemPayload => ({
  kind: 'propose-problem',
  name: new TextEncoder().encode(name),
  dataRoot: sha3_256(Uint8Array.of(1)),
  dataSize: 5000,
  input: { kind: 'image', h: 8, w: 8, c: 1 },
  classes: 2,
  metric: 'accuracy',
  threshold: { mode: 'fixed', startBp: 9000, floorBp: 5000, decayBp: 100, decaySeconds: 60 },
  maxModelBytes: 100_000,
  deposit,
});

export const grammarProposal = (n: number, deposit: bigint): ProposeGrammarPayload => ({
  kind: 'propose-grammar',
  grammarId: sha3_256(Uint8Array.of(1, n)),
  fileRoot: sha3_256(Uint8Array.of(2, n)),
  fileSize: 100 + n,
  deposit,
});
