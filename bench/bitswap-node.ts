// Helia's bitswap (@helia/bitswap 2.2, the last line on libp2p 2.x) on the node's own libp2p stack (TCP, noise,
// yamux, identify), moving model files laid out so that bitswap itself checks every block against our model root:
// - each 64 KiB chunk is a raw block whose CID's multihash is a private-use code computing its chunk node (the
//   root of its 1 KiB segments' subtree, src/crypto/segment-tree.ts), so the CID digest *is* that node;
// - a manifest block, the chunks' leaf hashes one after another, whose multihash is a second private-use code
//   computing the Merkle root over them, so the manifest's CID is built from the header's model root alone.
// A receiver wants the manifest's CID, then every leaf's; bitswap hashes each block it receives with the code of
// its CID (the hashLoader below) and drops a block that does not match a want.
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { createBitswap, type Bitswap } from '@helia/bitswap';
import type { Routing } from '@helia/interface/routing';
import { identify } from '@libp2p/identify';
import { tcp } from '@libp2p/tcp';
import { MemoryBlockstore } from 'blockstore-core';
import { createLibp2p, type Libp2p } from 'libp2p';
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import * as Digest from 'multiformats/hashes/digest';
import { from } from 'multiformats/hashes/hasher';
import type { MultihashHasher } from 'multiformats/hashes/interface';
import { merkleTreeOver } from '../src/crypto/merkle.js';
import { CHUNK_BYTES, chunkNode, cut } from '../src/crypto/segment-tree.js';
import { HASH_LENGTH } from '../src/chain/header.js';
import { concatBytes } from '../src/codec/bytes.js';

// Multicodec's private-use range (0x300000-0x3fffff): codes of ours, not in the public table.
const LEAF_HASH = 0x300000;
const ROOT_HASH = 0x300001;
const MANIFEST_CODEC = 0x300002;

/** The leaf hashes of a manifest, 32 bytes each. */
export function manifestLeaves(manifest: Uint8Array): Uint8Array[] {
  if (manifest.length === 0 || manifest.length % HASH_LENGTH !== 0) throw new RangeError('not a manifest');
  return Array.from({ length: manifest.length / HASH_LENGTH }, (_, i) =>
    manifest.subarray(i * HASH_LENGTH, (i + 1) * HASH_LENGTH),
  );
}

const leafHasher = from({ name: 'coinai-chunk-node', code: LEAF_HASH, encode: chunkNode });
const rootHasher = from({
  name: 'coinai-merkle-root',
  code: ROOT_HASH,
  encode: (manifest) => merkleTreeOver(manifestLeaves(manifest)).at(-1)![0],
});

export const manifestCid = (root: Uint8Array) => CID.createV1(MANIFEST_CODEC, Digest.create(ROOT_HASH, root));
export const leafCid = (leaf: Uint8Array) => CID.createV1(raw.code, Digest.create(LEAF_HASH, leaf));

// Peers are dialled directly, as the node fetches a model from the peer that announced its block: no content
// routing (no DHT), so bitswap asks the peers it is connected to.
const noRouting: Routing = {
  async *findProviders() {},
  async provide() {},
  async cancelReprovide() {},
  async put() {},
  get: () => Promise.reject(new Error('no content routing')),
  findPeer: () => Promise.reject(new Error('no peer routing')),
  async *getClosestPeers() {},
};

export interface BitswapNode {
  readonly libp2p: Libp2p;
  readonly bitswap: Bitswap;
  readonly blockstore: MemoryBlockstore;
  stop(): Promise<void>;
}

export async function startBitswapNode(): Promise<BitswapNode> {
  const libp2p = await createLibp2p({
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify() },
  });
  const blockstore = new MemoryBlockstore();
  const hashers = new Map<number, MultihashHasher>([leafHasher, rootHasher].map((h) => [h.code, h]));
  const bitswap = createBitswap(
    { libp2p, blockstore, routing: noRouting, logger: libp2p.logger },
    {
      hashLoader: {
        getHasher: async (code) => hashers.get(Number(code)) ?? Promise.reject(new Error(`hash ${code}`)),
      },
    },
  );
  await bitswap.start();
  return {
    libp2p,
    bitswap,
    blockstore,
    async stop() {
      await bitswap.stop();
      await libp2p.stop();
    },
  };
}

/** Stores a model file as its manifest and chunk blocks, under the file's model root. */
export async function putModel(store: MemoryBlockstore, file: Uint8Array): Promise<void> {
  const chunks = cut(file, CHUNK_BYTES);
  const leaves = chunks.map(chunkNode);
  const root = merkleTreeOver(leaves).at(-1)![0];
  for (const [i, chunk] of chunks.entries()) await store.put(leafCid(leaves[i]), chunk);
  await store.put(manifestCid(root), concatBytes(leaves));
}
