// A block as JSON: its header fields, whether it is on the main chain, its transactions, its architecture and the
// threshold its score had to reach.
import type { BlockArchitecture, StoredBlock } from '../node-api.js';
import { arrayOf, nullable, object, UINT } from '../schema.js';
import { architectureView, ARCHITECTURE } from './architecture.js';
import { headerView, HEADER_PROPERTIES } from './header.js';
import { txView, TX } from './transaction.js';

export function blockView(
  { block, mainChain }: StoredBlock,
  architecture: BlockArchitecture | undefined,
  thresholdBp: number | null,
) {
  return {
    ...headerView(block.header),
    mainChain,
    txs: block.txs.map(txView),
    architecture: architecture ? architectureView(architecture) : null,
    thresholdBp,
  };
}

export type BlockJson = ReturnType<typeof blockView>;

export const BLOCK = object(
  {
    ...HEADER_PROPERTIES,
    mainChain: { type: 'boolean', description: 'false for a block on a side branch' },
    txs: arrayOf(TX),
    architecture: nullable(ARCHITECTURE),
    thresholdBp: nullable({
      ...UINT,
      maximum: 10_000,
      description: 'the threshold at its timestamp after its parent, basis points; null for genesis',
    }),
  },
  'a block',
);
