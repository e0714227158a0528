import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { peerIdFromString } from '@libp2p/peer-id';
import { Writer } from '../../../../src/codec/writer.js';
import { merkleProof, merkleRoot, merkleVerify } from '../../../../src/crypto/merkle.js';
import type { BlocksByRangeRequest } from '../../../../src/node/p2p/blocks-by-range.js';
import type { ChunkRequest, ModelChunk } from '../../../../src/node/p2p/chunk.js';
import { P2pError, type P2pErrorCode } from '../../../../src/node/p2p/errors.js';
import type { Network, NetworkHandlers } from '../../../../src/node/p2p/network.js';
import type { PooledTxsRequest } from '../../../../src/node/p2p/pooled-txs.js';
import { PROTOCOL_IDS } from '../../../../src/node/p2p/protocols.js';
import { handshaken, startNetwork, stopAll, waitFor } from './nodes.js';

after(stopAll);

const CHAIN_LENGTH = 10;
const block = (height: number) => new Uint8Array(100 + height).fill(height);

const chunks = [1, 2, 3, 4, 5].map((i) => new Uint8Array(1000).fill(i));
const pooled = [7, 8, 9].map((i) => new Uint8Array(50).fill(i));
const root = merkleRoot(chunks);

/** Serves a 10-block chain and the five chunks under `root`; records the requests its handlers see. */
function server() {
  const requests: (BlocksByRangeRequest | ChunkRequest | PooledTxsRequest)[] = [];
  const handlers: NetworkHandlers = {
    gossip: {},
    *blocksByRange(req) {
      requests.push(req);
      for (let h = req.from; h < Math.min(req.from + req.count, CHAIN_LENGTH); h++) yield block(h);
    },
    chunk(req): ModelChunk | undefined {
      requests.push(req);
      if (Buffer.compare(req.root, root) !== 0 || req.index >= chunks.length) return undefined;
      return { data: chunks[req.index], proof: merkleProof(chunks, req.index).siblings };
    },
    pooledTransactions(req) {
      requests.push(req);
      return pooled.slice(0, req.max);
    },
  };
  return { requests, handlers };
}

const verifyChunk = (index: number) => (c: ModelChunk) =>
  merkleVerify(root, c.data, { index, count: chunks.length, siblings: [...c.proof] });

const fails = (code: P2pErrorCode) => (err: unknown) => err instanceof P2pError && err.code === code;

const scoreOf = (at: Network, peer: Network) => at.peers().find((p) => p.id === peer.peerId)?.score;

describe('requests', () => {
  const served = server();
  let a: Network, b: Network;

  before(async () => {
    a = await startNetwork({ handlers: served.handlers });
    b = await startNetwork({ bootstrap: a.addresses });
    await waitFor('handshake', handshaken(a, b));
  });

  test('blocks by range returns the handler frames, fewer where the chain ends', async () => {
    assert.deepEqual(await b.requestBlocksByRange(a.peerId, 3, 4), [3, 4, 5, 6].map(block));
    assert.deepEqual(await b.requestBlocksByRange(a.peerId, 8, 5), [8, 9].map(block));
    assert.deepEqual(await b.requestBlocksByRange(a.peerId, 50, 1), []);
  });

  test('a count outside 1..limit is refused before sending', async () => {
    const before = served.requests.length;
    await assert.rejects(b.requestBlocksByRange(a.peerId, 0, 0), RangeError);
    await assert.rejects(b.requestBlocksByRange(a.peerId, 0, 65), RangeError);
    assert.equal(served.requests.length, before);
  });

  test("pooled transactions come back as the handler's frames, at most max of them", async () => {
    assert.deepEqual(await b.requestPooledTransactions(a.peerId), pooled);
    assert.deepEqual(await b.requestPooledTransactions(a.peerId, 2), pooled.slice(0, 2));
    await assert.rejects(b.requestPooledTransactions(a.peerId, 0), RangeError);
    await assert.rejects(b.requestPooledTransactions(a.peerId, 4097), RangeError);
  });

  test('a node without a pool answers no pooled transactions', async () => {
    assert.deepEqual(await a.requestPooledTransactions(b.peerId), []);
  });

  test('a chunk comes back with a proof that verifies against the root', async () => {
    for (let i = 0; i < chunks.length; i++) {
      const chunk = await b.requestChunk(a.peerId, root, i, verifyChunk(i));
      assert.deepEqual(chunk?.data, chunks[i]);
    }
  });

  test('a chunk the peer does not hold is undefined', async () => {
    assert.equal(await b.requestChunk(a.peerId, new Uint8Array(32), 0), undefined);
    assert.equal(await b.requestChunk(a.peerId, root, chunks.length), undefined);
  });

  test('a chunk that fails the check is refused and penalises the sender', async () => {
    await assert.rejects(b.requestChunk(a.peerId, root, 1, verifyChunk(2)), fails('invalid'));
    assert.ok(scoreOf(b, a)! < 0);
  });

  test('an oversize request frame is refused from its length prefix, unread, and penalises the sender', async () => {
    const before = served.requests.length;
    const stream = await b.libp2p.dialProtocol(peerIdFromString(a.peerId), PROTOCOL_IDS.blocksByRange);
    // Announce a 1 MiB frame but send 8 bytes of it: the responder can only judge the length prefix. (Reading on
    // would end in a truncated frame, a 'malformed' penalty of 25 points, where 'oversize' costs 50.)
    await stream.sink([new Writer().varint('length', 1 << 20, 32).finish(), new Uint8Array(8)]);
    await assert.rejects(async () => {
      for await (const _ of stream.source); // the responder resets the stream
    });
    assert.equal(served.requests.length, before, 'the handler never saw it');
    const score = scoreOf(a, b)!;
    assert.ok(score <= -49 && score > -51, `b's score at a is ${score}`);
  });
});

describe('response limits and timeouts', () => {
  test('an oversize response frame fails the request and penalises the responder', async () => {
    const a = await startNetwork({ handlers: server().handlers });
    const b = await startNetwork({ bootstrap: a.addresses, limits: { blockBytes: 104 } });
    await waitFor('handshake', handshaken(a, b));
    assert.deepEqual(await b.requestBlocksByRange(a.peerId, 0, 4), [0, 1, 2, 3].map(block));
    await assert.rejects(b.requestBlocksByRange(a.peerId, 0, 6), fails('oversize'));
    assert.ok(scoreOf(b, a)! <= -49);
  });

  test('a request the peer never answers times out', async () => {
    let answer = () => {};
    const a = await startNetwork({
      handlers: {
        gossip: {},
        blocksByRange: () => [],
        chunk: () => new Promise<undefined>((r) => (answer = () => r(undefined))),
      },
    });
    const b = await startNetwork({ bootstrap: a.addresses, limits: { requestTimeoutMs: 2_000 } });
    await waitFor('handshake', handshaken(a, b));
    await assert.rejects(b.requestChunk(a.peerId, root, 0), fails('timeout'));
    answer();
    assert.equal(scoreOf(b, a), 0, 'a slow peer is not penalised');
  });
});
