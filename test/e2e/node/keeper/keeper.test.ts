// End to end: one keeper process (`coinai node start --keeper --capacity …`) and one mining node, real libp2p,
// LevelDB and training on the tiny image chain. The keeper registers through its mempool, is assigned the next
// block's model, fetches it from the miner (every chunk checked), answers its challenge with a storage proof, and
// is paid: its balance passes what it had after locking its bond. Epochs are short (E = 2, D = 2) so this takes a
// handful of blocks. Then `coinai chain verify` of a follower that keeps no model it is not assigned
// (--model-cache 0) fetches them from the keeper and the miner.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAddress } from '../../../../src/crypto/address.js';
import { NodeProcess } from '../../../../src/devnet/node-process.js';
import { createKey, keystoreDir } from '../../../../src/wallet/wallet-dir.js';
import { PASSWORD_ENV } from '../../../../src/wallet/password.js';
import { writeTinyImageChain } from '../../../helpers/tiny-image-chain.js';
import { runCliAsync } from '../../../helpers/cli.js';
import { CLI, eventually } from '../../cluster.js';

const PASSWORD = 'keeper test';
const FUNDS = 10_000_000n;
const BOND = 2_000_000n;
// Cheap scrypt: the node unlocks the key once at start.
const SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

let dir: string;
let miner: NodeProcess;
let keeper: NodeProcess;
let follower: NodeProcess | undefined;
let keeperAddress: string;

async function start(name: string, args: string[]): Promise<NodeProcess> {
  return NodeProcess.start({
    cli: CLI,
    args: [
      '--datadir',
      join(dir, name),
      '--genesis',
      join(dir, 'genesis.json'),
      '--p2p-port',
      '0',
      '--api-port',
      '0',
      ...args,
    ],
    logFile: join(dir, `${name}.log`),
    env: { ...process.env, [PASSWORD_ENV]: PASSWORD },
  });
}

async function metric(node: NodeProcess, name: string): Promise<number> {
  const text = await (await fetch(`${node.addresses.api}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : NaN;
}

async function balance(node: NodeProcess, address: string): Promise<bigint> {
  const body = (await (await fetch(`${node.addresses.api}/api/accounts/${address}`)).json()) as { balance: string };
  return BigInt(body.balance);
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coinai-keeper-'));
  const key = await createKey(keystoreDir(join(dir, 'keeper')), PASSWORD, SCRYPT);
  keeperAddress = key.address;
  await writeTinyImageChain(
    dir,
    [{ address: parseAddress(key.address, 'keeper'), balance: FUNDS }],
    undefined,
    {},
    { epochLength: 2, challengeWindow: 2, minBond: '1000000' },
  );
  miner = await start('miner', ['--mine', '--cores', '1']);
  keeper = await start('keeper', [
    '--keeper',
    '--capacity',
    '64MiB',
    // Keeps no model it is not assigned: the models placed on it after they were made are fetched.
    '--model-cache',
    '0',
    '--bond',
    BOND.toString(),
    '--bootstrap',
    ...miner.addresses.addresses,
  ]);
  follower = await start('follower', ['--model-cache', '0', '--bootstrap', ...miner.addresses.addresses]);
});

after(async () => {
  const codes = await Promise.all([follower, keeper, miner].flatMap((n) => (n ? [n.stop()] : [])));
  assert.ok(
    codes.every((c) => c === 0),
    `both nodes stop cleanly (exit codes ${codes})`,
  );
  await rm(dir, { recursive: true, force: true });
});

test('a keeper registers, fetches the model assigned to it, answers its challenge and is paid', async () => {
  // Registered: the bond left the balance (the miner's view of the chain).
  const registered = await eventually(
    'the keeper-register in a block',
    async () => {
      const b = await balance(miner, keeperAddress);
      return b <= FUNDS - BOND ? b : undefined;
    },
    240_000,
  );
  // Assigned a block's model and fetched it from the miner, every chunk verified.
  await eventually(
    'a model fetched',
    async () => (await metric(keeper, 'coinai_keeper_fetch_bytes_total')) > 0,
    240_000,
  );
  const log = await readFile(keeper.logFile, 'utf8');
  assert.match(log, /keeper: object fetched/);
  // Its proofs are taken by the miner's blocks and pay proofReward each, far above the fee.
  await eventually(
    'a proof accepted',
    async () => (await metric(keeper, 'coinai_keeper_proofs_accepted_total')) >= 1,
    240_000,
  );
  const paid = await eventually(
    'the reward in the balance',
    async () => {
      const b = await balance(miner, keeperAddress);
      return b > registered ? b : undefined;
    },
    120_000,
  );
  assert.ok(paid > registered);
  assert.ok((await metric(keeper, 'coinai_keeper_proofs_sent_total')) >= 1);
  assert.ok((await metric(keeper, 'coinai_keeper_objects')) >= 1);
  assert.equal(await metric(keeper, 'coinai_keeper_strikes'), 0, 'no challenge missed');
});

test('chain verify of a node that keeps no model fetches them from its peers, keepers first', async () => {
  const height = (await (await fetch(`${miner.addresses.api}/api/status`)).json()) as { height: number };
  await eventually('the follower at the miner’s height', async () => {
    const s = (await (await fetch(`${follower!.addresses.api}/api/status`)).json()) as { height: number };
    return s.height >= height.height;
  });
  assert.equal(await follower!.stop(), 0);
  follower = undefined;
  const datadir = join(dir, 'follower');
  const alone = await runCliAsync(['chain', 'verify', '--datadir', datadir, '--json']);
  assert.equal(alone.status, 1, 'alone, the models it dropped are missing');
  assert.match(alone.stderr, /model-missing/);
  const peers = [...keeper.addresses.addresses, ...miner.addresses.addresses];
  const r = await runCliAsync(['chain', 'verify', '--datadir', datadir, '--json', '--bootstrap', ...peers]);
  assert.equal(r.status, 0, r.stderr);
  assert.ok((JSON.parse(r.stdout) as { blocks: number }).blocks >= height.height);
});
