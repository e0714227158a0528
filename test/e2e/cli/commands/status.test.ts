// `coinai status` and `coinai block get` against an API served in this process.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { toHex } from '../../../../src/codec/hex.js';
import { blockHash } from '../../../../src/chain/header.js';
import { runCliAsync } from '../../../helpers/cli.js';
import { call, startApi, type ApiFixture } from '../../node/api/fixture.js';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('coinai status and block get', () => {
  let api: ApiFixture;
  before(async () => (api = await startApi()));
  after(() => api.close());

  test('status prints the node’s status, as JSON or text, from --api or COINAI_API', async () => {
    const [json, text] = await Promise.all([
      runCliAsync(['status', '--api', api.url, '--json']),
      runCliAsync(['status'], { COINAI_API: api.url }),
    ]);
    assert.equal(json.status, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), (await call(`${api.url}/api/status`)).body);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`^head +2 ${toHex(blockHash(api.blocks[1].header))} `, 'm'));
    assert.match(text.stdout, /^mining +yes$/m);
  });

  test('an unreachable node is one clear line', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const r = await runCliAsync(['status', '--api', url]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`^error: cannot reach the node at ${url}: .*ECONNREFUSED.*\\n$`));
  });

  test('block get prints a block with its architecture and transactions; an unknown one is the node’s 404', async () => {
    const [json, text, missing] = await Promise.all([
      runCliAsync(['block', 'get', '1', '--api', api.url, '--json']),
      runCliAsync(['block', 'get', toHex(blockHash(api.blocks[0].header)), '--api', api.url]),
      runCliAsync(['block', 'get', '99', '--api', api.url]),
    ]);
    assert.equal(json.status, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), (await call(`${api.url}/api/blocks/1`)).body);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`^arch +${api.node.architecture(api.blocks[0].header)!.phenotype}$`, 'm'));
    assert.match(text.stdout, /^score +95\/100 \(95\.00%\)$/m);
    assert.match(text.stdout, /-> 10$/m);
    assert.equal(missing.status, 1);
    assert.equal(missing.stderr, `error: the node at ${api.url} answered 404: block 99 not found\n`);
  });
});
