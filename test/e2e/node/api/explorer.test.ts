// The routes the explorer reads: the page and its assets, /api/chain, /api/search, address history and the live
// event stream (with its bounds, tried as a client hoarding streams would).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { encodeTransaction } from '../../../../src/chain/transaction.js';
import { toHex } from '../../../../src/codec/hex.js';
import { blockHash } from '../../../../src/chain/header.js';
import { txHash } from '../../../../src/chain/tx-signing.js';
import { formatAddress } from '../../../../src/crypto/address.js';
import { MAX_STREAMS_PER_CLIENT } from '../../../../src/node/api/events.js';
import { alice, bob, miner, transfer } from '../../../helpers/chain/fixtures.js';
import { call, postJson, rawRequest, startApi, type ApiFixture } from './fixture.js';

const BUILD = fileURLToPath(new URL('../../../../scripts/build-explorer.mjs', import.meta.url));

/** An open event stream: its frames as they arrive. */
async function openStream(url: string) {
  const abort = new AbortController();
  const res = await fetch(`${url}/api/events`, { signal: abort.signal });
  const frames: { event: string; data: any }[] = [];
  let waiting: (() => void) | undefined;
  if (res.ok) {
    void (async () => {
      const decoder = new TextDecoder();
      let text = '';
      try {
        for await (const chunk of res.body!) {
          text += decoder.decode(chunk as Uint8Array, { stream: true });
          let end;
          while ((end = text.indexOf('\n\n')) >= 0) {
            const lines = text.slice(0, end).split('\n');
            text = text.slice(end + 2);
            const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
            const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
            if (event && data) frames.push({ event, data: JSON.parse(data) });
            waiting?.();
          }
        }
      } catch {
        // aborted
      }
    })();
  }
  return {
    res,
    /** The first frame of `event` after the `from`th frame, waiting for it. */
    async next(event: string, from = 0): Promise<any> {
      for (;;) {
        const found = frames.slice(from).find((f) => f.event === event);
        if (found) return found.data;
        await new Promise<void>((r) => (waiting = r));
      }
    },
    get count() {
      return frames.length;
    },
    close: () => abort.abort(),
  };
}

describe('API for the explorer', () => {
  let api: ApiFixture;
  before(async () => {
    assert.equal(spawnSync(process.execPath, [BUILD], { stdio: 'inherit' }).status, 0, 'the explorer builds');
    api = await startApi();
  });
  after(() => api.close());

  test('GET / is the page, revalidated each time, under a strict CSP; its assets are immutable', async () => {
    const res = await fetch(`${api.url}/`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^text\/html/);
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    assert.match(res.headers.get('content-security-policy')!, /default-src 'none'; script-src 'self'/);
    const html = await res.text();
    const script = /src="(\/assets\/main-[A-Z0-9]+\.js)"/.exec(html)?.[1];
    const style = /href="(\/assets\/main-[A-Z0-9]+\.css)"/.exec(html)?.[1];
    const kernels = /content="(\/assets\/eval-kernels-[A-Z0-9]+\.wasm)"/.exec(html)?.[1];
    assert.equal((await fetch(`${api.url}${kernels}`)).headers.get('content-type'), 'application/wasm');
    assert.ok(script && style, html);
    const js = await fetch(`${api.url}${script}`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type')!, /^text\/javascript/);
    assert.equal(js.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.match((await fetch(`${api.url}${style}`)).headers.get('content-type')!, /^text\/css/);
  });

  test('an asset is found by exact name only: paths out of the folder are not served', async () => {
    for (const path of ['/assets/main.js', '/assets/..%2F..%2Fpackage.json', '/assets/%2e%2e%2findex.html']) {
      const { status } = await rawRequest(`${api.url}${path}`);
      assert.ok(status === 404 || status === 400, `${path}: ${status}`);
    }
    assert.equal((await rawRequest(`${api.url}/assets/../../package.json`)).status, 404);
  });

  test('a page on a rebound name reads neither the explorer nor the event stream (Host check)', async () => {
    const port = new URL(api.url).port;
    for (const path of ['/', '/api/events', '/api/chain/validation']) {
      const { status, body } = await rawRequest(`${api.url}${path}`, { host: `evil.example:${port}` });
      assert.equal(status, 403, path);
      assert.equal(body.code, 'host-not-allowed');
    }
  });

  test('--no-explorer: no page, and no explorer routes in the API description', async () => {
    const bare = await startApi({ explorer: false });
    try {
      assert.equal((await call(`${bare.url}/`)).status, 404);
      const { body } = await call(`${bare.url}/openapi.json`);
      assert.equal(body.paths['/'], undefined);
      assert.equal(body.paths['/assets/{name}'], undefined);
      assert.ok(body.paths['/api/events'], 'the event stream stays: other clients use it');
    } finally {
      await bare.close();
    }
  });

  test('GET /api/chain gives the problem and its threshold rule', async () => {
    const { status, body } = await call(`${api.url}/api/chain`);
    assert.equal(status, 200);
    assert.equal(body.genesisHash, toHex(api.node.genesisHash));
    assert.equal(body.problem.input, '28x28x1');
    assert.equal(body.problem.classes, 10);
    assert.deepEqual(body.problem.threshold, api.node.problem.threshold);
  });

  test("GET /api/chain/validation?problem= serves the split a block's problem is scored on; unknown ones are 404", async () => {
    const problem = toHex(api.blocks[0].header.problemId);
    const plain = await fetch(`${api.url}/api/chain/validation`);
    const named = await fetch(`${api.url}/api/chain/validation?problem=${problem.toUpperCase()}`);
    assert.equal(named.status, 200);
    const bytes = Buffer.from(await named.arrayBuffer());
    assert.deepEqual(bytes, Buffer.from(await plain.arrayBuffer()));
    assert.equal(bytes.readUInt32LE(0), api.node.validation.count);
    const unknown = await call(`${api.url}/api/chain/validation?problem=${'ab'.repeat(32)}`);
    assert.equal(unknown.status, 404);
    assert.match(unknown.body.error, /not loaded by this node/);
    assert.equal((await call(`${api.url}/api/chain/validation?problem=xyz`)).status, 400);
  });

  test('the validation split and ONNX exports take rate-limit tokens: a client asking in a loop is refused', async () => {
    const limited = await startApi({ rateLimit: { perSecond: 0.01, burst: 2 } });
    try {
      const root = toHex(limited.blocks[0].header.modelRoot);
      const paths = ['/api/chain/validation', '/api/chain/validation', `/api/models/${root}/onnx`];
      const statuses = [];
      for (const path of paths) statuses.push((await rawRequest(`${limited.url}${path}`)).status);
      assert.deepEqual(statuses, [200, 200, 429]);
    } finally {
      await limited.close();
    }
  });

  test('GET /api/search finds heights, block hashes, transactions, model roots and addresses', async () => {
    const search = async (q: string) => call(`${api.url}/api/search?q=${encodeURIComponent(q)}`);
    const hash1 = toHex(blockHash(api.blocks[0].header));
    assert.deepEqual((await search('1')).body, { kind: 'block', id: '1' });
    assert.deepEqual((await search(hash1.toUpperCase())).body, { kind: 'block', id: hash1 });
    const mined = toHex(txHash(api.blocks[1].txs[0]));
    assert.deepEqual((await search(mined)).body, { kind: 'tx', id: mined });
    const pending = toHex(txHash(api.pending));
    assert.deepEqual((await search(pending)).body, { kind: 'tx', id: pending });
    assert.deepEqual((await search(toHex(api.blocks[0].header.modelRoot))).body, { kind: 'block', id: hash1 });
    const address = formatAddress(bob.address);
    assert.deepEqual((await search(` ${address} `)).body, { kind: 'address', id: address });
    assert.equal((await search('99')).status, 404);
    assert.equal((await search('ab'.repeat(32))).status, 404);
    for (const q of ['hello', `${address.slice(0, -1)}0`, '-1']) assert.equal((await search(q)).status, 400, q);
  });

  test("GET /api/accounts/:address/history pages through an address's transactions and mined blocks", async () => {
    const history = (a: Uint8Array, q = '') => call(`${api.url}/api/accounts/${formatAddress(a)}/history${q}`);
    const bobs = (await history(bob.address)).body;
    assert.deepEqual(
      bobs.entries.map((e: any) => [e.height, e.kind, e.tx.amount]),
      [
        [2, 'sent', '5'],
        [1, 'received', '100'],
      ],
    );
    assert.equal(bobs.next, null);
    const first = (await history(miner.address, '?limit=1')).body;
    assert.deepEqual(
      first.entries.map((e: any) => [e.height, e.kind, e.tx]),
      [[2, 'mined', null]],
    );
    const second = (await history(miner.address, `?limit=1&before=${first.next}`)).body;
    assert.deepEqual(
      second.entries.map((e: any) => [e.height, e.kind]),
      [[1, 'mined']],
    );
    assert.equal(second.next, null);
    assert.equal((await history(miner.address, `?before=${first.next}`)).body.entries.length, 1);
    assert.equal((await history(bob.address, '?before=zz')).status, 400);
  });

  test('GET /api/events sends the status at once, each new head, and mempool changes', async () => {
    const stream = await openStream(api.url);
    try {
      assert.equal(stream.res.status, 200);
      assert.match(stream.res.headers.get('content-type')!, /^text\/event-stream/);
      assert.equal((await stream.next('status')).height, 2);
      const from = stream.count;
      const block = await api.extend([]);
      const head = await stream.next('block', from);
      assert.equal(head.hash, toHex(blockHash(block.header)));
      assert.equal((await stream.next('status', from)).height, 3);
      const mark = stream.count;
      const tx = transfer(alice, bob.address, 9n, 3n, 2);
      assert.equal((await postJson(`${api.url}/api/tx`, { tx: toHex(encodeTransaction(tx)) })).status, 200);
      assert.equal((await stream.next('mempool', mark)).size, 2);
    } finally {
      stream.close();
    }
  });

  test(`a client gets ${MAX_STREAMS_PER_CLIENT} event streams at most; a closed one frees its place`, async () => {
    const held = [];
    for (let i = 0; i < MAX_STREAMS_PER_CLIENT; i++) held.push(await openStream(api.url));
    assert.ok(held.every((s) => s.res.status === 200));
    const refused = await openStream(api.url);
    assert.equal(refused.res.status, 429);
    assert.equal(((await refused.res.json()) as any).code, 'rate-limited');
    held.pop()!.close();
    let again;
    for (let i = 0; i < 100; i++) {
      again = await openStream(api.url);
      if (again.res.status === 200) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(again!.res.status, 200);
    for (const s of [...held, again!]) s.close();
  });
});
