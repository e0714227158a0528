import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PeerScores } from '../../../../src/node/p2p/peer-score.js';
import { handshaken, nextEvent, startNetwork, stopAll, waitFor } from './nodes.js';

after(stopAll);

describe('peer scores', () => {
  test('penalties add up to the ban threshold and decay with the half-life', () => {
    let now = 0;
    const scores = new PeerScores({ banThreshold: 100, banMs: 1, halfLifeMs: 1000, maxBans: 1 }, () => now);
    assert.equal(scores.score('p'), 0);
    assert.equal(scores.penalise('p', 60), false);
    now = 1000;
    assert.equal(scores.score('p'), -30);
    assert.equal(scores.penalise('p', 60), false, '30 + 60 is under 100');
    assert.equal(scores.penalise('p', 10), true);
    scores.forget('p');
    assert.equal(scores.score('p'), 0);
  });
});

describe('banning', () => {
  test('a peer past the limit is disconnected, refused while banned, and reconnects when the ban expires', async () => {
    const banMs = 3_000;
    const a = await startNetwork({ scoring: { banMs } });
    const b = await startNetwork({ bootstrap: a.addresses, redial: { baseMs: 100, maxMs: 500 } });
    await waitFor('handshake', handshaken(a, b));

    const banned = nextEvent<[string, string]>(a.events, 'peer:banned');
    const dropped = nextEvent<[string]>(b.events, 'peer:disconnected', (peer) => peer === a.peerId);
    a.penalise(b.peerId, 'sent garbage', 60);
    assert.ok(!a.isBanned(b.peerId), 'under the limit');
    const bannedAt = Date.now();
    a.penalise(b.peerId, 'sent garbage again', 60);
    assert.deepEqual(await banned, [b.peerId, 'sent garbage again']);
    await dropped;

    // b keeps dialling (its bootstrap backoff is at most 500 ms, and once more here); a drops each attempt as soon
    // as the handshake names b, so the next connection a accepts comes only after the ban.
    const reconnected = nextEvent<[string]>(a.events, 'peer:connected', (peer) => peer === b.peerId, 30_000);
    await b.connect(a.addresses[0]).catch(() => {});
    await assert.rejects(a.connect(b.addresses[0]), 'a does not dial a banned peer');
    await reconnected;
    assert.ok(Date.now() - bannedAt >= banMs, `reconnected ${Date.now() - bannedAt} ms after the ban`);
    assert.ok(!a.isBanned(b.peerId));
    await waitFor('handshake after the ban', handshaken(a, b));
    assert.equal(a.peers().find((p) => p.id === b.peerId)?.score, 0, 'a ban wipes the score');
  });
});
