// The ban table and the address helpers behind address bans, on a clock the test moves.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BanList } from '../../../../src/node/p2p/bans.js';
import { clientKey, isLoopback } from '../../../../src/node/p2p/ip.js';

describe('BanList', () => {
  test('a ban lasts its time', () => {
    let now = 0;
    const bans = new BanList(10, () => now);
    bans.ban('a', 1000);
    now = 999;
    assert.ok(bans.isBanned('a'));
    now = 1000;
    assert.ok(!bans.isBanned('a'));
    assert.equal(bans.size, 0, 'an expired ban is forgotten when noticed');
  });

  test('an attacker cycling through addresses cannot grow the table: the oldest ban goes first', () => {
    const bans = new BanList(3, () => 0);
    bans.ban('a', 10_000);
    bans.ban('b', 10_000);
    bans.ban('c', 10_000);
    bans.ban('a', 10_000); // renewed: now the newest
    for (let i = 0; i < 1000; i++) bans.ban(`x${i}`, 10_000);
    assert.equal(bans.size, 3);
    assert.ok(bans.isBanned('x999') && bans.isBanned('x998') && bans.isBanned('x997'));
    assert.ok(!bans.isBanned('a'));
    bans.ban('a', 10_000);
    bans.ban('y', 10_000);
    assert.ok(bans.isBanned('a') && !bans.isBanned('x997'), 'x997 was the oldest once a was renewed');
  });
});

describe('addresses', () => {
  test('loopback is all of 127/8 and ::1, mapped or not', () => {
    for (const ip of ['127.0.0.1', '127.3.4.5', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.2'])
      assert.ok(isLoopback(ip), ip);
    for (const ip of ['10.0.0.1', '::', '1::1', '::ffff:10.0.0.1', '2001:db8::1', '128.0.0.1'])
      assert.ok(!isLoopback(ip), ip);
  });

  test('an IPv6 address is banned and limited by its /64', () => {
    assert.equal(clientKey('2001:db8:1:2:aaaa::1'), clientKey('2001:db8:1:2:bbbb::9'));
    assert.equal(clientKey('::ffff:10.0.0.1'), '10.0.0.1');
  });
});
