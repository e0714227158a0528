// Per-peer limits on the serving side of every request protocol, attacked as a flooding peer would: many requests
// one after another (the token bucket refuses them with a typed answer, and the refusals add up to a ban), and many
// at once (the concurrency cap refuses those beyond it as 'busy').
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { P2pError, type P2pErrorCode } from '../../../../src/node/p2p/errors.js';
import { DEFAULT_LIMITS } from '../../../../src/node/p2p/limits.js';
import { handshaken, startNetwork, stopAll, waitFor } from './nodes.js';

after(stopAll);

const code = (err: unknown): P2pErrorCode | 'other' => (err instanceof P2pError ? err.code : 'other');

test('a flood of requests from one peer is refused beyond its rate, and the refusals get it banned', async () => {
  let served = 0;
  const a = await startNetwork({
    handlers: { gossip: {}, blocksByRange: () => (served++, []), chunk: () => undefined },
  });
  const b = await startNetwork({ bootstrap: a.addresses });
  await waitFor('handshake', handshaken(a, b));
  const { burst } = DEFAULT_LIMITS.requestRates.blocksByRange;
  const outcomes: string[] = [];
  for (let i = 0; i < 4 * burst && !a.isBanned(b.peerId); i++) {
    outcomes.push(await b.requestBlocksByRange(a.peerId, 1, 64).then(() => 'ok', code));
  }
  assert.ok(
    outcomes.slice(0, burst).every((o) => o === 'ok'),
    'the burst is answered',
  );
  assert.ok(outcomes.filter((o) => o === 'rate-limited').length >= 10, `refused as rate-limited: ${outcomes}`);
  assert.ok(served < outcomes.length, 'the handler did not see the refused requests');
  assert.ok(a.isBanned(b.peerId), 'the flooding peer is banned');
});

test('requests of one peer beyond the concurrency cap are refused as busy', async () => {
  const release: (() => void)[] = [];
  const a = await startNetwork({
    handlers: {
      gossip: {},
      blocksByRange: () => [],
      chunk: () => new Promise<undefined>((r) => release.push(() => r(undefined))),
    },
  });
  const b = await startNetwork({ bootstrap: a.addresses });
  await waitFor('handshake', handshaken(a, b));
  const cap = DEFAULT_LIMITS.inboundPerPeer;
  const root = new Uint8Array(32);
  let settled = 0;
  const requests = Array.from({ length: cap + 4 }, (_, i) =>
    b.requestChunk(a.peerId, root, i).then(
      () => (settled++, 'ok'),
      (err) => (settled++, code(err)),
    ),
  );
  await waitFor('the capped requests to reach the handler', () => release.length === cap);
  await waitFor('the requests beyond the cap to be answered', () => settled === 4);
  release.forEach((r) => r());
  const outcomes = (await Promise.all(requests)).sort();
  assert.deepEqual(outcomes, [...Array<string>(4).fill('busy'), ...Array<string>(cap).fill('ok')]);
  assert.equal(release.length, cap, 'the handler never saw the requests beyond the cap');
});

test('a blocks-by-range response stops at its byte limit, and a responder that goes past it is refused', async () => {
  const MiB = 1024 * 1024;
  let produced = 0;
  const handlers = {
    gossip: {},
    // 64 blocks of 1 MiB, made only as the response is sent.
    *blocksByRange() {
      for (let i = 0; i < 64; i++, produced++) yield new Uint8Array(MiB).fill(i);
    },
    chunk: () => undefined,
  };
  const a = await startNetwork({ handlers });
  const b = await startNetwork({ bootstrap: a.addresses });
  await waitFor('handshake', handshaken(a, b));
  const limit = DEFAULT_LIMITS.blocksResponseBytes;
  assert.equal((await b.requestBlocksByRange(a.peerId, 1, 64)).length, limit / MiB);
  assert.ok(produced <= limit / MiB + 1, `the responder made ${produced} blocks`);

  // A responder with a higher limit of its own: its answer is refused once past ours, and it is penalised.
  const greedy = await startNetwork({ handlers, limits: { blocksResponseBytes: 64 * MiB } });
  await b.connect(greedy.addresses[0]);
  await waitFor('handshake', handshaken(greedy, b));
  await assert.rejects(b.requestBlocksByRange(greedy.peerId, 1, 64), (err) => code(err) === 'oversize');
  // Penalised: 50 points, less what decays (10-minute half-life) before the score is read, or banned already if
  // other points (under load, a timeout) came on top.
  const score = b.peers().find((p) => p.id === greedy.peerId)?.score ?? 0;
  assert.ok(b.isBanned(greedy.peerId) || score <= -49, `score ${score}, not banned`);
});
