// The registered state namespaces, by tag: the chain store reads records back through this list, and undo records
// name a namespace by its tag. A new namespace is a module defining it and an entry here.
import { ACCOUNTS } from './account.js';
import { MODELS } from './models.js';
import type { Namespace } from './namespace.js';

export const NAMESPACES: readonly Namespace[] = [ACCOUNTS, MODELS];

const byTag = new Map(NAMESPACES.map((ns) => [ns.tag, ns]));
if (byTag.size !== NAMESPACES.length) throw new Error('two state namespaces share a tag');

export function namespaceByTag(tag: number): Namespace | undefined {
  return byTag.get(tag);
}
