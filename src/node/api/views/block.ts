// A block as JSON: its header fields, whether it is on the main chain, its transactions, its architecture, the
// threshold its score had to reach and, when this node verified it recently, how long that took.
import type { BlockArchitecture, BlockVerification, StoredBlock } from '../node-api.js';
import { arrayOf, nullable, object, UINT } from '../schema.js';
import { architectureView, ARCHITECTURE } from './architecture.js';
import { headerView, HEADER_PROPERTIES } from './header.js';
import { txView, TX } from './transaction.js';

export function blockView(
  { block, mainChain }: StoredBlock,
  architecture: BlockArchitecture | undefined,
  thresholdBp: number | null,
  verification?: BlockVerification,
) {
  return {
    ...headerView(block.header),
    mainChain,
    txs: block.txs.map(txView),
    architecture: architecture ? architectureView(architecture) : null,
    thresholdBp,
    ...(verification && { verification }),
  };
}

export type BlockJson = ReturnType<typeof blockView>;

/** Node-local, for blocks this node accepted since it started (the last VERIFICATIONS_KEPT). */
const VERIFICATION = object(
  {
    ms: { type: 'number', minimum: 0, description: 'wall milliseconds of the verification' },
    samples: { ...UINT, description: 'validation samples evaluated for it (0: an earlier evaluation decided)' },
    received: { type: 'boolean', description: 'from a peer; false for a block this node mined' },
  },
  'how long this node took to verify the block; absent when it has no figure (accepted before it started)',
);

const REQUIRED = {
  ...HEADER_PROPERTIES,
  mainChain: { type: 'boolean', description: 'false for a block on a side branch' },
  txs: arrayOf(TX),
  architecture: nullable(ARCHITECTURE),
  thresholdBp: nullable({
    ...UINT,
    maximum: 10_000,
    description: 'the threshold at its timestamp after its parent, basis points; null for genesis',
  }),
};

export const BLOCK = { ...object(REQUIRED, 'a block'), properties: { ...REQUIRED, verification: VERIFICATION } };
