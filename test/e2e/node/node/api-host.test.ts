// `coinai node start --host` and `--api-host` are separate sockets: a node that exposes p2p on one address does not
// expose its API there. Two loopback addresses stand in for a public and a private interface (Linux routes all of
// 127.0.0.0/8 to lo): p2p on 127.0.0.2, the API on 127.0.0.1.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeProcess } from '../../../../src/devnet/node-process.js';
import { writeTinyImageChain } from '../../../helpers/tiny-image-chain.js';
import { CLI } from '../../cluster.js';

let dir: string;
let node: NodeProcess;

/** Resolves to 'open' when a TCP connection to host:port succeeds, else to the error code (ECONNREFUSED). */
function probe(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      resolve('open');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coinai-api-host-'));
  const { file } = await writeTinyImageChain(dir, []);
  const args = ['--datadir', join(dir, 'node'), '--genesis', file, '--p2p-port', '0', '--api-port', '0'];
  node = await NodeProcess.start({
    cli: CLI,
    args: [...args, '--host', '127.0.0.2', '--api-host', '127.0.0.1', '--api-allowed-hosts', 'node.example'],
    logFile: join(dir, 'node.log'),
  });
});

after(async () => {
  await node?.stop();
  await rm(dir, { recursive: true, force: true });
});

test('with --host 127.0.0.2 --api-host 127.0.0.1 the API is not reachable on the p2p address, nor p2p on the API one', async () => {
  const api = new URL(node.addresses.api);
  assert.equal(api.hostname, '127.0.0.1');
  const p2p = /^\/ip4\/([0-9.]+)\/tcp\/([0-9]+)\/p2p\//.exec(node.addresses.addresses[0]);
  assert.ok(p2p, node.addresses.addresses[0]);
  assert.equal(p2p[1], '127.0.0.2');
  const apiPort = Number(api.port);
  const p2pPort = Number(p2p[2]);

  assert.equal((await fetch(`${node.addresses.api}/api/status`)).status, 200);
  assert.equal(await probe('127.0.0.1', apiPort), 'open');
  assert.equal(await probe('127.0.0.2', apiPort), 'ECONNREFUSED', 'the API on the p2p address');
  await assert.rejects(fetch(`http://127.0.0.2:${apiPort}/api/status`));
  assert.equal(await probe('127.0.0.2', p2pPort), 'open');
  assert.equal(await probe('127.0.0.1', p2pPort), 'ECONNREFUSED', 'p2p on the API address');
});

test('the node answers only the Host names it serves: its own, loopback and --api-allowed-hosts', async () => {
  const status = (host: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request(`${node.addresses.api}/api/status`, { headers: { host } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      req.end();
    });
  const { port } = new URL(node.addresses.api);
  assert.equal(await status(`localhost:${port}`), 200);
  assert.equal(await status('node.example'), 200);
  assert.equal(await status(`evil.example:${port}`), 403);
});
