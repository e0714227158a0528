// The registered state namespaces, by tag: the chain store reads records back through this list, and undo records
// name a namespace by its tag. A new namespace is a module defining it and an entry here (with a tag of its own:
// test/unit/chain/state.test.ts checks that the tags are distinct).
import { ACCOUNTS } from './account.js';
import { GOVERNANCE } from './governance/active.js';
import { PROPOSALS } from './governance/proposals.js';
import { SUPPORTS } from './governance/supports.js';
import { MODELS } from './models.js';
import type { Namespace } from './namespace.js';
import { PARAMS } from './params-record.js';
import { EPOCH } from './storage/epoch.js';
import { KEEPERS } from './storage/keepers.js';
import { STORAGE_LISTS } from './storage/lists.js';
import { OBJECTS } from './storage/objects.js';

export const NAMESPACES: readonly Namespace[] = [
  ACCOUNTS,
  MODELS,
  PARAMS,
  KEEPERS,
  OBJECTS,
  STORAGE_LISTS,
  EPOCH,
  GOVERNANCE,
  PROPOSALS,
  SUPPORTS,
];

const byTag = new Map(NAMESPACES.map((ns) => [ns.tag, ns]));

export function namespaceByTag(tag: number): Namespace | undefined {
  return byTag.get(tag);
}
