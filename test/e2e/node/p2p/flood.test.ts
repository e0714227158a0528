// Peers pay for what they send: attacks by a peer that hand-crafts gossipsub RPCs (a real libp2p node writing its
// own frames on the gossipsub protocol) and by one that comes back under a fresh peer id. The victim's block
// handler stands for the node's verifier: each call is an evaluation, and a bogus block bans its sender at once
// (as src/node/sync/gossip-handlers.ts does).
import { after, afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { RPC } from '@chainsafe/libp2p-gossipsub/message';
import { peerIdFromString } from '@libp2p/peer-id';
import * as lp from 'it-length-prefixed';
import { SCORE_THRESHOLDS, type GossipHandler } from '../../../../src/node/p2p/gossip.js';
import { DEFAULT_LIMITS } from '../../../../src/node/p2p/limits.js';
import type { Network, NetworkOptions } from '../../../../src/node/p2p/network.js';
import { DEFAULT_SCORING } from '../../../../src/node/p2p/peer-score.js';
import { handshaken, startNetwork, stopAll, waitFor } from './nodes.js';

after(stopAll);

const text = (s: string) => new TextEncoder().encode(s);
const CAP = DEFAULT_LIMITS.gossipRpc.maxMessages;

/** A victim whose block handler counts evaluations; bogus blocks ban the sender, as the node's verifier does. */
async function victim(options: Partial<NetworkOptions> = {}) {
  const judged: string[] = [];
  let net: Network | undefined;
  const blocks: GossipHandler = async (data, from) => {
    const block = new TextDecoder().decode(data);
    judged.push(block);
    await sleep(20); // an evaluation takes a while: the rest of the RPC is queued meanwhile
    if (!block.startsWith('bogus')) return 'accept';
    net!.penalise(from, 'invalid block', DEFAULT_SCORING.banThreshold);
    return 'reject';
  };
  net = await startNetwork({
    handlers: { gossip: { blocks }, blocksByRange: () => [], chunk: () => undefined },
    ...options,
  });
  return { net, judged };
}

/** Writes one gossipsub RPC carrying `blocks` on the victim's block topic, on a stream of the attacker's own. */
async function sendRpc(attacker: Network, target: Network, blocks: string[]): Promise<void> {
  const rpc = RPC.encode({
    subscriptions: [],
    messages: blocks.map((b) => ({ topic: target.topic('blocks'), data: text(b) })),
  });
  const stream = await attacker.libp2p.dialProtocol(peerIdFromString(target.peerId), [
    '/meshsub/1.2.0',
    '/meshsub/1.1.0',
  ]);
  await stream.sink(lp.encode([rpc]));
}

const bogus = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `bogus ${tag} ${i}`);

describe('gossip floods in one RPC', () => {
  afterEach(stopAll);

  test(`an RPC of 100 bogus blocks is dropped undecoded: at most ${CAP} per RPC, here none, is evaluated`, async () => {
    const { net: v, judged } = await victim();
    const attacker = await startNetwork({ bootstrap: v.addresses });
    await waitFor('handshake', handshaken(v, attacker));
    await sendRpc(attacker, v, bogus(100, 'flood'));
    // The stream still works: a later RPC within the cap is read (and its first bogus block bans the attacker).
    await sendRpc(attacker, v, ['bogus after']);
    await waitFor('the later RPC', () => judged.length > 0);
    assert.deepEqual(judged, ['bogus after']);
  });

  test('blocks queued behind the one that gets their sender banned are not evaluated', async () => {
    const { net: v, judged } = await victim();
    const attacker = await startNetwork({ bootstrap: v.addresses });
    await waitFor('handshake', handshaken(v, attacker));
    await sendRpc(attacker, v, bogus(CAP, 'queued'));
    await waitFor('the ban', () => v.isBanned(attacker.peerId));
    await waitFor('the attacker dropped', () => !v.peers().some((p) => p.id === attacker.peerId));
    assert.deepEqual(judged, ['bogus queued 0'], `${judged.length} evaluations`);
  });

  test('blocks beyond a peer’s rate are ignored unread and cost it points', async () => {
    const burst = 8;
    const gossipRate = { ...DEFAULT_LIMITS.gossipRate, blocks: { perSecond: 0.01, burst } };
    const { net: v, judged } = await victim({ limits: { gossipRate } });
    const attacker = await startNetwork({ bootstrap: v.addresses });
    await waitFor('handshake', handshaken(v, attacker));
    const sent = Array.from({ length: 12 }, (_, i) => `block ${i}`);
    await sendRpc(attacker, v, sent);
    const score = () => v.peers().find((p) => p.id === attacker.peerId)?.score ?? 0;
    await waitFor('the penalties', () => score() <= -4 * 5 + 0.1);
    await waitFor('the evaluations', () => judged.length === burst);
    assert.deepEqual(judged, sent.slice(0, burst));
  });
});

describe('gossipsub graylisting', () => {
  after(stopAll);

  test('a peer whose block fails is graylisted by gossipsub: its later RPCs are dropped before validation', async () => {
    // Our own ban is out of reach here, so only gossipsub's score acts.
    const scoring = { banThreshold: 1e9 };
    const { net: v, judged } = await victim({ scoring });
    const attacker = await startNetwork({ bootstrap: v.addresses });
    await waitFor('handshake', handshaken(v, attacker));
    await sendRpc(attacker, v, ['bogus graylist']);
    await waitFor('the graylist', () => v.gossipScore(attacker.peerId) < SCORE_THRESHOLDS.graylistThreshold);
    assert.ok(!v.isBanned(attacker.peerId));
    await sendRpc(attacker, v, ['block after']);
    await sleep(1_000); // ample for a message that is read at all (milliseconds on loopback)
    assert.deepEqual(judged, ['bogus graylist']);
  });
});

describe('address bans and connection limits', () => {
  afterEach(stopAll);
  // Linux routes all of 127/8 to lo: each node gets an address of its own, and loopback is not exempt.
  const limits = { exemptLoopback: false };
  const at = (address: string) => ({ host: address, dialFrom: address });

  test('a banned peer coming back with a fresh peer id from the same address is refused', async () => {
    const v = await startNetwork({ ...at('127.0.0.1'), limits });
    const attacker = await startNetwork({ ...at('127.0.0.2'), bootstrap: v.addresses });
    await waitFor('handshake', handshaken(v, attacker));
    v.penalise(attacker.peerId, 'sent an invalid block', DEFAULT_SCORING.banThreshold);
    assert.ok(v.isAddressBanned('127.0.0.2'));
    const again = await startNetwork(at('127.0.0.2'));
    assert.notEqual(again.peerId, attacker.peerId);
    await assert.rejects(again.connect(v.addresses[0]));
    assert.ok(!v.peers().some((p) => p.id === again.peerId));
    // Another address is welcome.
    const honest = await startNetwork({ ...at('127.0.0.3'), bootstrap: v.addresses });
    await waitFor('the honest handshake', handshaken(v, honest));
  });

  test('one address holds at most maxInboundPerAddress connections, even opened at once', async () => {
    const v = await startNetwork({ ...at('127.0.0.1'), limits: { ...limits, maxInboundPerAddress: 2 } });
    const crowd = await Promise.all([0, 1, 2, 3].map(() => startNetwork(at('127.0.0.4'))));
    await Promise.allSettled(crowd.map((n) => n.connect(v.addresses[0])));
    const fromCrowd = () => v.peers().filter((p) => p.address.includes('/127.0.0.4/')).length;
    await waitFor('the crowd settled', () => crowd.filter((n) => n.peers().some((p) => p.id === v.peerId)).length <= 2);
    assert.equal(fromCrowd(), 2);
    // One more is refused at the gate, before any handshake.
    const late = await startNetwork(at('127.0.0.4'));
    await assert.rejects(late.connect(v.addresses[0]));
  });

  test('the node holds at most maxConnections', async () => {
    const v = await startNetwork({ ...at('127.0.0.1'), limits: { ...limits, maxConnections: 2 } });
    const peers: Network[] = [];
    for (const host of ['127.0.0.5', '127.0.0.6', '127.0.0.7']) peers.push(await startNetwork(at(host)));
    await Promise.allSettled(peers.map((n) => n.connect(v.addresses[0])));
    const held = () => peers.filter((n) => n.peers().some((p) => p.id === v.peerId)).length;
    await waitFor('at most two connections', () => v.libp2p.getConnections().length <= 2 && held() <= 2);
  });
});
