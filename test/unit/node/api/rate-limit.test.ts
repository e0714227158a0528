// The token bucket and the per-client table behind POST /api/tx's rate limit, on a clock the test moves.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ClientRateLimiter, clientKey } from '../../../../src/node/api/rate-limit.js';
import { TokenBucket } from '../../../../src/node/p2p/rate-limit.js';

describe('TokenBucket', () => {
  test('a burst of `burst` passes at once, the next waits exactly for one token', () => {
    const bucket = new TokenBucket({ perSecond: 20, burst: 40 }, 0);
    for (let i = 0; i < 40; i++) assert.equal(bucket.take(0), 0, `request ${i}`);
    assert.equal(bucket.take(0), 0.05);
    assert.equal(bucket.take(25), 0.025, 'half a token back after 25 ms');
    assert.equal(bucket.take(50), 0, 'one token back after 50 ms');
    assert.ok(bucket.take(50) > 0);
  });

  test('refills at the rate up to the burst, never beyond', () => {
    const bucket = new TokenBucket({ perSecond: 2, burst: 3 }, 0);
    for (let i = 0; i < 3; i++) bucket.take(0);
    let passed = 0;
    for (let t = 0; t <= 10_000; t += 100) if (bucket.take(t) === 0) passed++;
    assert.equal(passed, 20, '2 a second for 10 s');
    const rested = new TokenBucket({ perSecond: 2, burst: 3 }, 0);
    let burst = 0;
    while (rested.take(3_600_000) === 0) burst++;
    assert.equal(burst, 3, 'an hour idle still allows only the burst');
  });

  test('refused requests take nothing: a client hammering an empty bucket is not starved for longer', () => {
    const bucket = new TokenBucket({ perSecond: 1, burst: 1 }, 0);
    assert.equal(bucket.take(0), 0);
    for (let t = 0; t < 1000; t += 10) assert.ok(bucket.take(t) > 0);
    assert.equal(bucket.take(1000), 0);
  });

  test('a clock that goes backwards adds no tokens', () => {
    const bucket = new TokenBucket({ perSecond: 1, burst: 1 }, 10_000);
    assert.equal(bucket.take(10_000), 0);
    assert.ok(bucket.take(0) > 0);
    assert.ok(bucket.take(10_500) > 0, 'still counting from 10 s, not from 0');
    assert.equal(bucket.take(11_000), 0);
  });

  test('refuses a limit that could never pass a request', () => {
    assert.throws(() => new TokenBucket({ perSecond: 0, burst: 1 }, 0), RangeError);
    assert.throws(() => new TokenBucket({ perSecond: 1, burst: 0 }, 0), RangeError);
    assert.throws(() => new TokenBucket({ perSecond: NaN, burst: 1 }, 0), RangeError);
  });
});

describe('clientKey', () => {
  test('IPv4 and IPv4-mapped IPv6 are the same client', () => {
    assert.equal(clientKey('203.0.113.7'), '203.0.113.7');
    assert.equal(clientKey('::ffff:203.0.113.7'), '203.0.113.7');
  });

  test('an IPv6 client is its /64: rotating the interface id does not buy a fresh bucket', () => {
    const a = clientKey('2001:db8:1:2::1');
    assert.equal(a, '2001:db8:1:2::/64');
    assert.equal(clientKey('2001:db8:1:2:ffff:ffff:ffff:ffff'), a);
    assert.equal(clientKey('2001:0DB8:0001:0002:0:0:0:9'), a);
    assert.equal(clientKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
    assert.notEqual(clientKey('2001:db8:1:3::1'), a);
    assert.equal(clientKey('::1'), '0:0:0:0::/64');
    assert.equal(clientKey('::'), '0:0:0:0::/64');
  });
});

describe('ClientRateLimiter', () => {
  test('each client has its own bucket', () => {
    let now = 0;
    const limiter = new ClientRateLimiter({ perSecond: 1, burst: 2 }, { clock: () => now });
    assert.deepEqual(
      [1, 2, 3].map(() => limiter.take('10.0.0.1')),
      [0, 0, 1],
    );
    assert.equal(limiter.take('10.0.0.2'), 0, 'another client is not held back');
    now = 1000;
    assert.equal(limiter.take('10.0.0.1'), 0);
  });

  test('the table stays bounded under many addresses, dropping the least recently used', () => {
    const limiter = new ClientRateLimiter({ perSecond: 1, burst: 1 }, { clock: () => 0, maxClients: 100 });
    limiter.take('10.0.0.1');
    for (let i = 0; i < 1000; i++) {
      limiter.take(`10.1.${i >> 8}.${i & 255}`);
      if (i % 10 === 0) limiter.take('10.0.0.1'); // a busy client stays in the table
    }
    assert.equal(limiter.clients, 100);
    assert.ok(limiter.take('10.0.0.1') > 0, 'the busy client kept its (empty) bucket');
  });

  test('an IPv6 /64 shares one bucket', () => {
    const limiter = new ClientRateLimiter({ perSecond: 1, burst: 1 }, { clock: () => 0 });
    assert.equal(limiter.take('2001:db8::1'), 0);
    assert.ok(limiter.take('2001:db8::2') > 0);
    assert.equal(limiter.clients, 1);
  });
});
