import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GENESIS, handshaken, nextEvent, startNetwork, stopAll, waitFor } from './nodes.js';

after(stopAll);

describe('connecting', () => {
  test('a node bootstraps to another and both learn the other head from the status handshake', async () => {
    const headA = { height: 12, hash: new Uint8Array(32).fill(1), totalWeight: 10n ** 20n };
    const a = await startNetwork({ head: () => headA });
    const b = await startNetwork({ bootstrap: a.addresses });
    await waitFor('handshake', handshaken(a, b));
    const seenByB = b.peers().find((p) => p.id === a.peerId);
    assert.deepEqual(seenByB?.status, { chainId: 1, genesisHash: GENESIS, head: headA });
    assert.equal(seenByB?.direction, 'outbound');
    assert.equal(seenByB?.score, 0);
    assert.equal(a.peers().find((p) => p.id === b.peerId)?.status?.head.height, 0);
  });

  test('a bootstrap peer that drops is dialled again', async () => {
    const a = await startNetwork();
    const b = await startNetwork({ bootstrap: a.addresses, redial: { baseMs: 50, maxMs: 200 } });
    await waitFor('handshake', handshaken(a, b));
    const reconnected = nextEvent<[string]>(a.events, 'peer:connected', (peer) => peer === b.peerId);
    await a.disconnect(b.peerId);
    await reconnected;
    await waitFor('handshake after the redial', handshaken(a, b));
  });

  for (const [what, other] of [
    ['chain id', { chainId: 2 }],
    ['genesis', { genesisHash: new Uint8Array(32).fill(8) }],
  ] as const) {
    test(`a peer with another ${what} is disconnected after the status exchange`, async () => {
      const a = await startNetwork();
      const x = await startNetwork(other);
      const statuses: string[] = [];
      a.events.on('peer:status', (peer) => statuses.push(peer));
      x.events.on('peer:status', (peer) => statuses.push(peer));
      const dropped = Promise.all([
        nextEvent<[string]>(a.events, 'peer:disconnected', (peer) => peer === x.peerId),
        nextEvent<[string]>(x.events, 'peer:disconnected', (peer) => peer === a.peerId),
      ]);
      await x.connect(a.addresses[0]);
      await dropped;
      assert.deepEqual(statuses, []);
      assert.ok(!a.peers().some((p) => p.id === x.peerId));
      assert.notEqual(a.topic('blocks'), x.topic('blocks'));
    });
  }
});
