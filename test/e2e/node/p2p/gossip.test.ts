import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Network } from '../../../../src/node/p2p/network.js';
import type { GossipHandler, Verdict } from '../../../../src/node/p2p/gossip.js';
import { GOSSIP_KINDS, type GossipKind } from '../../../../src/node/p2p/topics.js';
import { handshaken, startNetwork, stopAll, waitFor } from './nodes.js';

const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);

/** Records every message a node is asked to judge; `verdict` decides by content. */
function recorder(verdict: (message: string) => Verdict = () => 'accept') {
  const seen = Object.fromEntries(GOSSIP_KINDS.map((k) => [k, [] as string[]])) as Record<GossipKind, string[]>;
  const handlers = Object.fromEntries(
    GOSSIP_KINDS.map((k): [GossipKind, GossipHandler] => [
      k,
      (data) => {
        seen[k].push(str(data));
        return verdict(str(data));
      },
    ]),
  );
  return { seen, handlers };
}

describe('gossip over a line of three nodes a - b - c', () => {
  const ra = recorder();
  const rb = recorder((m) => (m.startsWith('bad') ? 'reject' : 'accept'));
  const rc = recorder();
  let a: Network, b: Network, c: Network;

  before(async () => {
    a = await startNetwork({ handlers: { gossip: ra.handlers, blocksByRange: () => [], chunk: () => undefined } });
    b = await startNetwork({
      bootstrap: a.addresses,
      handlers: { gossip: rb.handlers, blocksByRange: () => [], chunk: () => undefined },
    });
    c = await startNetwork({
      bootstrap: b.addresses,
      handlers: { gossip: rc.handlers, blocksByRange: () => [], chunk: () => undefined },
    });
    await waitFor('handshakes', () => handshaken(a, b)() && handshaken(b, c)());
    // b forwards only to its mesh peers, which gossipsub grafts on its heartbeat.
    for (const kind of GOSSIP_KINDS) {
      await waitFor(`${kind} meshes`, () => {
        const mesh = b.meshPeers(kind);
        return mesh.includes(a.peerId) && mesh.includes(c.peerId) && c.meshPeers(kind).includes(b.peerId);
      });
    }
  });
  after(stopAll);

  test('a and c are not directly connected', () => {
    assert.ok(!a.peers().some((p) => p.id === c.peerId));
  });

  for (const kind of GOSSIP_KINDS) {
    test(`${kind}: a message from either end reaches the two other nodes`, async () => {
      await a.publish(kind, text(`${kind} from a`));
      await c.publish(kind, text(`${kind} from c`));
      const delivered = () => rc.seen[kind].includes(`${kind} from a`) && ra.seen[kind].includes(`${kind} from c`);
      await waitFor('delivery', delivered);
      assert.ok(rb.seen[kind].includes(`${kind} from a`) && rb.seen[kind].includes(`${kind} from c`));
      assert.ok(!ra.seen[kind].includes(`${kind} from a`), 'a node does not judge its own message');
    });
  }

  test('the topics carry the chain id and genesis prefix', () => {
    assert.equal(a.topic('blocks'), '/coinai/1-0707070707070707/blocks/1');
  });

  test("a 'reject' is not forwarded and penalises the peer it came from", async () => {
    // On the transactions topic: one invalid block would have gossipsub at b graylist a, and drop what follows.
    await a.publish('transactions', text('bad tx'));
    // Messages on the a-b-c path keep their order, so once c has the later good one it would have had the bad one.
    await a.publish('transactions', text('good tx'));
    await waitFor('the good transaction at c', () => rc.seen.transactions.includes('good tx'));
    assert.ok(rb.seen.transactions.includes('bad tx'));
    assert.ok(!rc.seen.transactions.includes('bad tx'));
    const aAtB = b.peers().find((p) => p.id === a.peerId);
    assert.ok(aAtB !== undefined && aAtB.score < 0, `a's score at b is ${aAtB?.score}`);
    assert.equal(c.peers().find((p) => p.id === b.peerId)?.score, 0);
  });

  test('a message over the topic limit is refused by the publisher', async () => {
    await assert.rejects(a.publish('transactions', new Uint8Array(64 * 1024 + 1)), RangeError);
  });
});
