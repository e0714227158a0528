// The DNS-rebinding defence, as an attacker's browser would probe it: the Host header names the attacker's domain,
// however it is dressed up; only the names the node serves get through.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HostPolicy, parseHostName } from '../../../../src/node/api/host-check.js';

describe('parseHostName', () => {
  test('reads name[:port] and [ipv6][:port], lowercased, without a trailing dot', () => {
    assert.deepEqual(parseHostName('LocalHost:8645'), { name: 'localhost', port: 8645 });
    assert.deepEqual(parseHostName('node.example.'), { name: 'node.example' });
    assert.deepEqual(parseHostName('127.0.0.1'), { name: '127.0.0.1' });
    assert.deepEqual(parseHostName('[::1]:80'), { name: '[::1]', port: 80 });
    assert.deepEqual(parseHostName('[2001:DB8::1]'), { name: '[2001:db8::1]' });
  });

  test('refuses what is not a host: user info, paths, bare IPv6, bad ports, empty labels', () => {
    for (const bad of [
      '',
      ':8645',
      'evil@127.0.0.1:8645',
      '127.0.0.1:8645/x',
      '::1',
      '::1:8645',
      '[::1',
      '[not-ip]:80',
      'localhost:65536',
      'localhost:',
      'a..b',
      '-a.example',
      'a_b.example',
      'localhost:8645 ',
      'localhost, evil.example',
      `${'a'.repeat(64)}.example`,
    ]) {
      assert.equal(parseHostName(bad), undefined, bad);
    }
  });
});

describe('HostPolicy', () => {
  const local = new HostPolicy({ listenHost: '127.0.0.1', port: 8645 });

  test('a node on 127.0.0.1 answers its own address and the loopback names at its port', () => {
    for (const ok of ['127.0.0.1:8645', 'localhost:8645', 'LOCALHOST:8645', 'localhost.:8645', '[::1]:8645'])
      assert.ok(local.allows(ok), ok);
  });

  test('a rebinding page (its own name in Host) is refused, whatever port or spelling', () => {
    for (const bad of [
      'evil.example:8645',
      'evil.example',
      'localhost.evil.example:8645',
      '127.0.0.1.evil.example:8645',
      'evil@127.0.0.1:8645',
      '127.0.0.2:8645',
      '0.0.0.0:8645',
    ])
      assert.equal(local.allows(bad), false, bad);
  });

  test('a missing or malformed Host header is refused', () => {
    assert.equal(local.allows(undefined), false);
    assert.equal(local.allows(''), false);
    assert.equal(local.allows('127.0.0.1:8645:1'), false);
  });

  test('the port must be the API port; no port means 80', () => {
    assert.equal(local.allows('127.0.0.1:8646'), false);
    assert.equal(local.allows('localhost'), false);
    assert.ok(new HostPolicy({ listenHost: '127.0.0.1', port: 80 }).allows('localhost'));
  });

  test('an IPv6 listen address is its own name in brackets', () => {
    const v6 = new HostPolicy({ listenHost: '::1', port: 8645 });
    assert.ok(v6.allows('[::1]:8645'));
    assert.ok(v6.allows('[0:0::1]:8645') === false, 'names compare as written, not as addresses');
  });

  test('on a wildcard address any IP literal at the port is served, but still no foreign name', () => {
    for (const listenHost of ['0.0.0.0', '::']) {
      const any = new HostPolicy({ listenHost, port: 8645 });
      for (const ok of ['192.168.1.5:8645', '[2001:db8::5]:8645', '0.0.0.0:8645', 'localhost:8645'])
        assert.ok(any.allows(ok), `${listenHost} ${ok}`);
      for (const bad of ['evil.example:8645', '192.168.1.5:9999'])
        assert.equal(any.allows(bad), false, `${listenHost} ${bad}`);
    }
  });

  test('--api-allowed-hosts: a name at any port, name:port at that port, * for anything', () => {
    const proxied = new HostPolicy({
      listenHost: '127.0.0.1',
      port: 8645,
      allowed: ['node.example', 'API.example:443', '[2001:db8::1]'],
    });
    assert.ok(proxied.allows('node.example'));
    assert.ok(proxied.allows('Node.Example:8080'));
    assert.ok(proxied.allows('api.example:443'));
    assert.equal(proxied.allows('api.example'), false);
    assert.ok(proxied.allows('[2001:db8::1]:1'));
    assert.equal(proxied.allows('sub.node.example'), false);
    assert.ok(new HostPolicy({ listenHost: '127.0.0.1', port: 8645, allowed: ['*'] }).allows('evil.example'));
    assert.ok(new HostPolicy({ listenHost: '127.0.0.1', port: 8645, allowed: ['*'] }).allows(undefined));
  });

  test('a malformed allowed entry is an error at construction, not a silent hole', () => {
    assert.throws(() => new HostPolicy({ listenHost: '127.0.0.1', port: 1, allowed: ['a b'] }), RangeError);
  });
});
