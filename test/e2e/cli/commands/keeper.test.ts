// `coinai keeper register | exit | status` and `coinai storage status` against an API served in this process: the
// transactions they sign and the node pools, and what they print once blocks hold them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromHex, toHex } from '../../../../src/codec/hex.js';
import { formatAddress } from '../../../../src/crypto/address.js';
import { peerIdBytes } from '../../../../src/node/keeper/peer-id.js';
import { encryptKey } from '../../../../src/wallet/keystore.js';
import { alice, testKey } from '../../../helpers/chain/fixtures.js';
import { runCliAsync } from '../../../helpers/cli.js';
import { call, KEEPERS, PEER_ID, startApi, type ApiFixture } from '../../node/api/fixture.js';

describe('coinai keeper and storage', () => {
  let api: ApiFixture;
  let dir: string;
  let aliceKey: string;
  let keeperKey: string;
  before(async () => {
    api = await startApi();
    dir = await mkdtemp(join(tmpdir(), 'coinai-keeper-'));
    aliceKey = join(dir, 'alice.json');
    keeperKey = join(dir, 'keeper.json');
    for (const [file, k] of [
      [aliceKey, alice],
      [keeperKey, KEEPERS[0]],
    ] as const) {
      const ks = encryptKey({ privateKey: k.seed, publicKey: k.publicKey }, 'pw', { N: 1024, r: 8, p: 1 });
      await writeFile(file, JSON.stringify(ks));
    }
  });
  after(async () => {
    await api.close();
    await rm(dir, { recursive: true, force: true });
  });

  const cli = (...args: string[]) => runCliAsync([...args, '--api', api.url], { COINAI_PASSWORD: 'pw' });

  test('a bad size, peer id, address or id is one clear line, and nothing is sent', async () => {
    const pending = api.node.pending().length;
    const [size, peer, address, id, unknown, genesis] = await Promise.all([
      cli('keeper', 'register', '--key', aliceKey, '--capacity', '2XB'),
      cli('keeper', 'register', '--key', aliceKey, '--peer-id', 'nope'),
      cli('keeper', 'status', 'cai123'),
      cli('storage', 'status', 'xyz'),
      cli('keeper', 'status', formatAddress(testKey(90).address)),
      cli('storage', 'status', '0'),
    ]);
    assert.equal(size.status, 1);
    assert.equal(
      size.stderr,
      "error: --capacity must be a size (bytes, or e.g. 10kB, 512MiB, 2GiB) in 1..9007199254740991 bytes, not '2XB'\n",
    );
    assert.equal(peer.status, 1);
    assert.match(peer.stderr, /^error: --peer-id must be a libp2p peer id \(12D3Koo…\), not 'nope': .+\n$/);
    assert.equal(address.status, 1);
    assert.match(address.stderr, /^error: address must be an address \(cai…\), not 'cai123': .+\n$/);
    assert.equal(id.status, 1);
    assert.equal(id.stderr, "error: the id must be a block height or an object root (64 hex digits), not 'xyz'\n");
    assert.equal(unknown.status, 1);
    assert.equal(
      unknown.stderr,
      `error: the node at ${api.url} answered 404: keeper ${formatAddress(testKey(90).address)} not found\n`,
    );
    assert.equal(genesis.status, 1);
    assert.equal(genesis.stderr, `error: the node at ${api.url} answered 404: block 0 has no model\n`);
    assert.equal(api.node.pending().length, pending);
  });

  test("keeper register signs for the node's chain: the size, the chain's minBond, the node's peer id", async () => {
    const r = await cli('keeper', 'register', '--key', keeperKey, '--capacity', '512MiB', '--json');
    assert.equal(r.status, 0, r.stderr);
    const sent = JSON.parse(r.stdout);
    assert.deepEqual([sent.kind, sent.chainId, sent.nonce, sent.amount, sent.fee], ['keeper-register', 7, 0, '0', '1']);
    const found = await api.node.transaction(fromHex('hash', sent.hash));
    assert.equal(found?.status, 'pending');
    assert.deepEqual(found.tx.recipient, new Uint8Array(20));
    assert.deepEqual(found.tx.payload, {
      kind: 'keeper-register',
      capacity: 512 * 2 ** 20,
      bond: 1000n,
      peerId: peerIdBytes(PEER_ID),
    });
    await api.extend([found.tx]);
  });

  test('keeper status lists the keepers, or one with its replicas; storage status shows an object', async () => {
    const address = formatAddress(KEEPERS[0].address);
    const [all, one, json, object, summary] = await Promise.all([
      cli('keeper', 'status'),
      cli('keeper', 'status', address),
      cli('keeper', 'status', address, '--json'),
      cli('storage', 'status', '1'),
      cli('storage', 'status'),
    ]);
    assert.equal(all.status, 0, all.stderr);
    assert.match(all.stdout, new RegExp(`^${address}  active    0 B of 512 MiB  bond 1000  proofs 0  misses 0 `, 'm'));
    assert.equal(one.status, 0, one.stderr);
    assert.match(one.stdout, new RegExp(`^peer ${PEER_ID}  registered at 3$`, 'm'));
    assert.deepEqual(JSON.parse(json.stdout), (await call(`${api.url}/api/keepers/${address}`)).body);
    assert.equal(object.status, 0, object.stderr);
    const root = toHex(api.blocks[0].header.modelRoot);
    assert.match(object.stdout, new RegExp(`^model ${root}  97.7 KiB  created at 1$`, 'm'));
    assert.match(object.stdout, /^replicas 0 of 3, 0 live {2}\(waiting: too few keepers with room\)$/m);
    assert.equal(summary.status, 0, summary.stderr);
    assert.match(summary.stdout, /^at height 3: no epoch yet, 1 keepers, 1 objects \(97.7 KiB\), 1 under-replicated$/m);
  });

  test('keeper exit signs a keeper-exit with the next nonce', async () => {
    const r = await cli('keeper', 'exit', '--key', keeperKey, '--fee', '2', '--json');
    assert.equal(r.status, 0, r.stderr);
    const sent = JSON.parse(r.stdout);
    assert.deepEqual([sent.kind, sent.nonce, sent.fee, sent.amount], ['keeper-exit', 1, '2', '0']);
    const found = await api.node.transaction(fromHex('hash', sent.hash));
    assert.deepEqual(found?.tx.payload, { kind: 'keeper-exit' });
  });
});
