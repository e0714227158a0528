// The API as an attacker meets it: a rebinding page's foreign Host header, oversize and endless bodies, long URLs
// and headers, and a flood of POST /api/tx. Each is refused with the API's {error, code} answer, costs the node
// nothing it keeps, and the node goes on serving everyone else.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { toHex } from '../../../../src/codec/hex.js';
import { encodeTransaction } from '../../../../src/chain/transaction.js';
import { txHash } from '../../../../src/chain/tx-signing.js';
import { TX_BODY_LIMIT } from '../../../../src/node/api/routes/transactions.js';
import { MAX_URL_LENGTH } from '../../../../src/node/api/server.js';
import { alice, bob, transfer } from '../../../helpers/chain/fixtures.js';
import { call, postJson, rawRequest, startApi, type ApiFixture } from './fixture.js';

const port = (url: string) => new URL(url).port;
const json = { 'content-type': 'application/json' };

/** Writes `text` (or what `text` writes while the socket is open) on a fresh socket and returns everything the
 * server sends until it closes (or 5 s pass). */
function rawExchange(url: string, text: string | ((write: (s: string) => boolean) => void)): Promise<string> {
  const { hostname, port: p } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(p), hostname);
    let answer = '';
    const timer = setTimeout(() => socket.destroy(), 5000);
    socket.on('data', (d) => (answer += d.toString('latin1')));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
    // The server may close while we still write: that is the refusal, not a failure.
    socket.on('error', (err) =>
      ['ECONNRESET', 'EPIPE'].includes(String((err as NodeJS.ErrnoException).code)) ? undefined : reject(err),
    );
    socket.on('connect', () => {
      if (typeof text === 'string') socket.write(text);
      else
        text((s) => {
          if (socket.destroyed || socket.writableEnded || socket.readyState !== 'open') return false;
          socket.write(s);
          return true;
        });
    });
  });
}

describe('API Host header check (DNS rebinding)', () => {
  let api: ApiFixture;
  let proxied: ApiFixture;
  before(async () => {
    api = await startApi();
    proxied = await startApi({ allowedHosts: ['node.example', 'api.example:443'] });
  });
  after(async () => {
    await api.close();
    await proxied.close();
  });

  test("a rebinding page's Host (its own name, at the API's port) is refused with 403 host-not-allowed", async () => {
    for (const host of [`evil.example:${port(api.url)}`, 'evil.example', `localhost.evil.example:${port(api.url)}`]) {
      const r = await rawRequest(`${api.url}/api/status`, { host });
      assert.equal(r.status, 403, host);
      assert.equal(r.body.code, 'host-not-allowed');
      assert.match(r.body.error, /is not served here/);
    }
  });

  test('a refused Host reaches no route: a rebound POST /api/tx is not admitted, an unknown path not even a 404', async () => {
    const tx = transfer(alice, bob.address, 1n, 2n, 2);
    const host = `evil.example:${port(api.url)}`;
    const r = await rawRequest(`${api.url}/api/tx`, {
      method: 'POST',
      host,
      headers: json,
      body: JSON.stringify({ tx: toHex(encodeTransaction(tx)) }),
    });
    assert.deepEqual([r.status, r.body.code], [403, 'host-not-allowed']);
    assert.equal(api.announced.length, 0);
    assert.equal((await call(`${api.url}/api/tx/${toHex(txHash(tx))}`)).status, 404, 'not in the mempool');
    assert.equal((await rawRequest(`${api.url}/api/nope`, { host })).status, 403);
  });

  test('a request with no Host header at all (HTTP/1.0) is refused', async () => {
    const answer = await rawExchange(api.url, 'GET /api/status HTTP/1.0\r\n\r\n');
    assert.match(answer, /^HTTP\/1\.[01] 403 /);
    assert.match(answer, /"code":"host-not-allowed"/);
  });

  test('its own address and the loopback names at its port are served', async () => {
    for (const host of [`127.0.0.1:${port(api.url)}`, `localhost:${port(api.url)}`, `[::1]:${port(api.url)}`]) {
      assert.equal((await rawRequest(`${api.url}/api/status`, { host })).status, 200, host);
    }
    assert.equal((await rawRequest(`${api.url}/api/status`, { host: 'localhost:1' })).status, 403, 'another port');
  });

  test('--api-allowed-hosts names are served (a bare name at any port, name:port at that port)', async () => {
    assert.equal((await rawRequest(`${proxied.url}/api/status`, { host: 'node.example' })).status, 200);
    assert.equal((await rawRequest(`${proxied.url}/api/status`, { host: 'NODE.example:8080' })).status, 200);
    assert.equal((await rawRequest(`${proxied.url}/api/status`, { host: 'api.example:443' })).status, 200);
    assert.equal((await rawRequest(`${proxied.url}/api/status`, { host: 'api.example' })).status, 403);
    assert.equal((await rawRequest(`${proxied.url}/api/status`, { host: 'evil.example' })).status, 403);
  });
});

describe('API request size limits', () => {
  let api: ApiFixture;
  before(async () => (api = await startApi()));
  after(() => api.close());
  const alive = async () => assert.equal((await call(`${api.url}/api/status`)).status, 200, 'the node still serves');

  test('POST /api/tx takes the longest transaction with room to spare, and refuses one byte over the limit', async () => {
    const tx = transfer(alice, bob.address, 1n, 2n, 2);
    const body = JSON.stringify({ tx: toHex(encodeTransaction(tx)) });
    const padded = body.slice(0, -1) + ' '.repeat(TX_BODY_LIMIT - body.length) + '}';
    assert.equal(padded.length, TX_BODY_LIMIT);
    assert.equal((await call(`${api.url}/api/tx`, { method: 'POST', headers: json, body: padded })).status, 200);
    const over = await call(`${api.url}/api/tx`, { method: 'POST', headers: json, body: ' ' + padded });
    assert.deepEqual([over.status, over.body.code], [413, 'body-too-large']);
    await alive();
  });

  test('an oversize declared body is refused with 413 before it is sent, and the node keeps serving', async () => {
    const answer = await rawExchange(
      api.url,
      `POST /api/tx HTTP/1.1\r\nHost: ${new URL(api.url).host}\r\nContent-Type: application/json\r\n` +
        `Content-Length: 1000000000\r\n\r\n{"tx":"`,
    );
    assert.match(answer, /^HTTP\/1\.1 413 /);
    assert.match(answer, /"code":"body-too-large"/);
    assert.match(answer, /connection: close/i);
    await alive();
  });

  test('an endless chunked body is cut off at the limit: 413, connection closed, the node keeps serving', async () => {
    let sent = 0;
    const answer = await rawExchange(api.url, (write) => {
      write(
        `POST /api/tx HTTP/1.1\r\nHost: ${new URL(api.url).host}\r\nContent-Type: application/json\r\n` +
          'Transfer-Encoding: chunked\r\n\r\n',
      );
      const chunk = '0'.repeat(1000);
      const timer = setInterval(() => {
        // Stops once the server has closed the socket (write returns false), or after 1 MB.
        if (sent > 1_000_000 || !write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`)) clearInterval(timer);
        sent += chunk.length;
      }, 1);
    });
    assert.match(answer, /^HTTP\/1\.1 413 /);
    assert.ok(sent < 1_000_000, `the server read ${sent} bytes before refusing`);
    await alive();
  });

  test('a route that takes no body refuses one (413) rather than draining it', async () => {
    const r = await rawRequest(`${api.url}/api/status`, {
      headers: { 'content-length': '100000' },
      body: 'x'.repeat(100_000),
    });
    assert.deepEqual([r.status, r.body.code], [413, 'body-too-large']);
    assert.match(r.body.error, /takes no body/);
    const chunked = await rawExchange(
      api.url,
      `GET /api/status HTTP/1.1\r\nHost: ${new URL(api.url).host}\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nxxxxx\r\n`,
    );
    assert.match(chunked, /^HTTP\/1\.1 413 [^]*"code":"body-too-large"/);
    await alive();
  });

  test('malformed HTTP is a 400 in the same shape, and the connection is closed', async () => {
    const answer = await rawExchange(api.url, 'GET /api/status HTTP/1.1\r\nHost: x\r\nbad header line\r\n\r\n');
    assert.match(answer, /^HTTP\/1\.1 400 Bad Request\r\n/);
    assert.match(answer, /\{"error":"malformed HTTP request","code":"bad-request"\}$/);
    await alive();
  });

  test('a URL over MAX_URL_LENGTH is a 414; headers over 8 KiB a 431 and the connection closed', async () => {
    const long = await call(`${api.url}/api/blocks?from=0&count=1&${'x'.repeat(MAX_URL_LENGTH)}`);
    assert.deepEqual([long.status, long.body.code], [414, 'url-too-long']);
    const big = await rawExchange(
      api.url,
      `GET /api/status HTTP/1.1\r\nHost: ${new URL(api.url).host}\r\nX-Junk: ${'x'.repeat(10_000)}\r\n\r\n`,
    );
    assert.match(big, /^HTTP\/1\.1 431 [^]*"code":"headers-too-large"/);
    await alive();
  });
});

describe('API rate limit on POST /api/tx', () => {
  let api: ApiFixture;
  let now = 0;
  before(async () => (api = await startApi({ rateLimit: { perSecond: 2, burst: 3 }, clock: () => now })));
  after(() => api.close());
  const submit = (tx: unknown) => postJson(`${api.url}/api/tx`, { tx });

  test('a burst beyond the limit gets 429 with Retry-After; invalid requests count too; other routes stay open', async () => {
    // Garbage costs the attacker tokens like anything else: the limit is taken before the body is read.
    for (let i = 0; i < 3; i++) assert.equal((await submit('zz')).status, 400);
    const res = await fetch(`${api.url}/api/tx`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ tx: toHex(encodeTransaction(transfer(alice, bob.address, 1n, 2n, 2))) }),
    });
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '1');
    const body = (await res.json()) as { error: string; code: string };
    assert.equal(body.code, 'rate-limited');
    assert.match(body.error, /2 requests\/s \(burst 3\)/);
    assert.equal(api.announced.length, 0, 'the refused transaction was not admitted');
    for (let i = 0; i < 20; i++) assert.equal((await submit('zz')).status, 429, 'refusals take no tokens');
    assert.equal((await call(`${api.url}/api/status`)).status, 200);
    assert.equal((await call(`${api.url}/api/mempool`)).status, 200);
  });

  test('once the bucket refills, requests succeed again, at the sustained rate', async () => {
    now += 500; // one token back
    const tx = transfer(alice, bob.address, 1n, 2n, 2);
    assert.deepEqual(await submit(toHex(encodeTransaction(tx))), { status: 200, body: { hash: toHex(txHash(tx)) } });
    assert.equal((await submit('zz')).status, 429);
    now += 60_000; // a long quiet spell refills only the burst
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await submit('zz')).status);
    assert.deepEqual(statuses, [400, 400, 400, 429, 429]);
  });

  test('the 429 is documented in the OpenAPI description of POST /api/tx', async () => {
    const { body } = await call(`${api.url}/openapi.json`);
    const post = body.paths['/api/tx'].post;
    assert.ok(post.responses['429'].headers['Retry-After']);
    assert.equal(body.paths['/api/status'].get.responses['429'], undefined);
  });
});
