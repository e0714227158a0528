// `coinai propose problem | grammar`, `coinai support` and `coinai withdraw` against an API served in this process
// (a real ChainStore, mempool and upload store): what they upload, sign and the node pools, and every refusal before
// anything is uploaded or sent. Test chain: minDeposit 100, proposals live 40 blocks.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromHex, toHex } from '../../../../src/codec/hex.js';
import { formatAddress } from '../../../../src/crypto/address.js';
import { segmentRoot } from '../../../../src/crypto/segment-tree.js';
import { proposalIdOf } from '../../../../src/chain/tx-payload.js';
import { packDataset } from '../../../../src/io/data/export.js';
import { encryptKey } from '../../../../src/wallet/keystore.js';
import { bob, type TestKey } from '../../../helpers/chain/fixtures.js';
import { runCliAsync } from '../../../helpers/cli.js';
import { tinyManifestFiles, writeFolder } from '../../../unit/ml/data/fixtures.js';
import { KEEPERS, startApi, type ApiFixture } from '../../node/api/fixture.js';

const GRAMMAR = 'grammars/cnn-v2.bnf';
const LIFETIME = 40;

describe('coinai propose, support and withdraw', () => {
  let api: ApiFixture;
  let dir: string;
  let data: string;
  const keys: Record<string, string> = {};
  const proposer = KEEPERS[2];
  before(async () => {
    api = await startApi();
    dir = await mkdtemp(join(tmpdir(), 'coinai-governance-'));
    data = writeFolder(tinyManifestFiles());
    for (const [name, k] of [
      ['proposer', proposer],
      ['supporter', KEEPERS[1]],
      ['bob', bob],
    ] as [string, TestKey][]) {
      keys[name] = join(dir, `${name}.json`);
      const ks = encryptKey({ privateKey: k.seed, publicKey: k.publicKey }, 'pw', { N: 1024, r: 8, p: 1 });
      await writeFile(keys[name], JSON.stringify(ks));
    }
  });
  after(async () => {
    await api.close();
    await rm(dir, { recursive: true, force: true });
    await rm(data, { recursive: true, force: true });
  });

  const cli = (...args: string[]) => runCliAsync([...args, '--api', api.url], { COINAI_PASSWORD: 'pw' });
  /** Mines the pooled transaction `hash` in a block of its own. */
  const mine = async (hash: string) => {
    const found = await api.node.transaction(fromHex('hash', hash));
    assert.equal(found?.status, 'pending');
    await api.extend([found.tx]);
  };
  const nothingSent = async (pending: number) => {
    assert.equal(api.node.pending().length, pending, 'no transaction sent');
    assert.equal(api.uploads.unnamedBytes, 0, 'nothing uploaded');
  };

  const bobBalance = () => api.node.account(bob.address).balance;

  test('bad input is one clear line, and nothing is uploaded or sent', async () => {
    const pending = api.node.pending().length;
    const all = bobBalance().toString();
    const empty = await mkdtemp(join(dir, 'empty-'));
    const unknownId = 'ab'.repeat(32);
    const [noData, v1, unparsable, lowDeposit, highDeposit, badThreshold, badId, unknown, zero] = await Promise.all([
      cli('propose', 'problem', '--data', empty, '--key', keys.proposer),
      cli('propose', 'grammar', 'grammars/cnn-v1.bnf', '--key', keys.proposer),
      cli('propose', 'grammar', join(empty, 'missing.bnf'), '--key', keys.proposer),
      cli('propose', 'grammar', GRAMMAR, '--key', keys.proposer, '--deposit', '99'),
      cli('propose', 'grammar', GRAMMAR, '--key', keys.bob, '--deposit', all),
      cli('propose', 'problem', '--data', data, '--key', keys.proposer, '--threshold', '5000,6000,10,60'),
      cli('support', 'xyz', '--amount', '1', '--key', keys.bob),
      cli('support', unknownId, '--amount', '1', '--key', keys.bob),
      cli('support', unknownId, '--amount', '0', '--key', keys.bob),
    ]);
    const line = (r: { status: number | null; stderr: string }, expected: string | RegExp) => {
      assert.equal(r.status, 1, r.stderr);
      if (typeof expected === 'string') assert.equal(r.stderr, `error: ${expected}\n`);
      else assert.match(r.stderr, expected);
    };
    line(noData, `${empty}: holds neither manifest.json nor the four MNIST IDX files`);
    line(
      v1,
      'grammars/cnn-v1.bnf fails --strict on the active problem (28x28x1, 10 classes): its most likely phenotype ' +
        'has probability above 2^-64 (min 14.9 bits); its classifier input reaches 6272 features on 28x28x1 ' +
        '(limit 1024); legalisation skips statements on 28x28x1',
    );
    line(unparsable, /^error: .*missing\.bnf.*\n$/);
    line(lowDeposit, "--deposit 99 is below the chain's minDeposit 100");
    line(
      highDeposit,
      `${formatAddress(bob.address)} has ${all}, less than the ${bobBalance() + 1n} this needs (deposit ${all} and fee 1)`,
    );
    line(
      badThreshold,
      "--threshold must be a usable schedule (this one has floor 6000 bp above the start 5000 bp), not '5000,6000,10,60'",
    );
    line(badId, "the proposal id must be 64 hex digits (32 bytes), not 'xyz'");
    line(
      unknown,
      `no proposal ${unknownId} on the chain (one just sent counts once a block holds it; coinai proposals lists them)`,
    );
    line(zero, '--amount must be at least 1');
    await nothingSent(pending);
  });

  let grammarProposal: string;

  test('propose grammar uploads the file and sends the proposal the node pools', async () => {
    const r = await cli('propose', 'grammar', GRAMMAR, '--key', keys.proposer, '--json');
    assert.equal(r.status, 0, r.stderr);
    const sent = JSON.parse(r.stdout);
    const file = new Uint8Array(await readFile(GRAMMAR));
    assert.deepEqual([sent.kind, sent.root, sent.size], ['propose-grammar', toHex(segmentRoot(file)), file.length]);
    assert.deepEqual(await api.data.get(segmentRoot(file)), file, 'the node holds the file for its keepers');
    const tx = (await api.node.transaction(fromHex('hash', sent.hash)))!.tx;
    assert.equal(tx.payload.kind, 'propose-grammar');
    assert.equal(sent.proposalId, toHex(proposalIdOf(tx.payload)));
    assert.equal(tx.payload.kind === 'propose-grammar' && tx.payload.deposit, 100n);
    await mine(sent.hash);
    grammarProposal = sent.proposalId;
  });

  test('propose problem packs the folder, uploads the pack and proposes it with the active schedule', async () => {
    const r = await cli('propose', 'problem', '--data', data, '--key', keys.proposer, '--deposit', '150', '--json');
    assert.equal(r.status, 0, r.stderr);
    const sent = JSON.parse(r.stdout);
    const pack = packDataset(data);
    assert.deepEqual([sent.root, sent.size], [toHex(segmentRoot(pack)), pack.length]);
    assert.deepEqual(await api.data.get(segmentRoot(pack)), pack);
    const { payload } = (await api.node.transaction(fromHex('hash', sent.hash)))!.tx;
    assert.equal(payload.kind, 'propose-problem');
    if (payload.kind !== 'propose-problem') return;
    assert.equal(new TextDecoder().decode(payload.name), 'tiny');
    assert.deepEqual(payload.input, { kind: 'image', h: 2, w: 2, c: 1 });
    assert.deepEqual([payload.classes, payload.metric, payload.deposit], [3, 'accuracy', 150n]);
    assert.deepEqual(payload.threshold, api.node.problem.threshold);
    assert.equal(payload.maxModelBytes, api.node.problem.maxModelBytes);
    assert.equal(sent.proposalId, toHex(proposalIdOf(payload)));
  });

  test('support locks coins behind an open proposal; over the balance it is refused', async () => {
    const pending = api.node.pending().length;
    const all = bobBalance();
    const over = await cli('support', grammarProposal, '--amount', String(all), '--key', keys.bob);
    assert.equal(over.status, 1);
    assert.equal(
      over.stderr,
      `error: ${formatAddress(bob.address)} has ${all}, less than the ${all + 1n} this needs (amount ${all} and fee 1)\n`,
    );
    assert.equal(api.node.pending().length, pending);
    const r = await cli('support', grammarProposal, '--amount', '70', '--key', keys.supporter, '--json');
    assert.equal(r.status, 0, r.stderr);
    const sent = JSON.parse(r.stdout);
    assert.deepEqual([sent.kind, sent.proposalId, sent.locked], ['support', grammarProposal, '70']);
    await mine(sent.hash);
  });

  test('withdraw is refused while the proposal is open, then unlocks; support of a closed one is refused', async () => {
    const open = await cli('withdraw', grammarProposal, '--key', keys.supporter);
    assert.equal(open.status, 1);
    assert.match(open.stderr, new RegExp(`^error: proposal ${grammarProposal} is open until height \\d+ or its`));
    for (let i = 0; i <= LIFETIME; i++) await api.extend([]);
    const [late, nobody] = await Promise.all([
      cli('support', grammarProposal, '--amount', '1', '--key', keys.bob),
      cli('withdraw', grammarProposal, '--key', keys.bob),
    ]);
    assert.equal(late.stderr, `error: proposal ${grammarProposal} is expired, not open: it takes no more support\n`);
    assert.equal(
      nobody.stderr,
      `error: ${formatAddress(bob.address)} has nothing locked behind proposal ${grammarProposal}\n`,
    );
    const r = await cli('withdraw', grammarProposal, '--key', keys.supporter, '--json');
    assert.equal(r.status, 0, r.stderr);
    const sent = JSON.parse(r.stdout);
    assert.deepEqual([sent.kind, sent.unlocked], ['withdraw', '70']);
    const before = api.node.account(KEEPERS[1].address).balance;
    await mine(sent.hash);
    assert.equal(api.node.account(KEEPERS[1].address).balance, before + 70n - 1n);
  });
});
