// The explorer in a real browser: Debian's Chromium driven by playwright-core against a node process that mines a
// tiny image problem (blocks every few seconds), the page built from the current sources first. Screenshots of each
// page go to test-results/explorer/ (SCREENSHOTS below).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { encodeTransaction, type Transaction } from '../../../src/chain/transaction.js';
import { proposalIdOf, type TxPayload } from '../../../src/chain/tx-payload.js';
import { signTransaction } from '../../../src/chain/tx-signing.js';
import { toHex } from '../../../src/codec/hex.js';
import { formatAddress } from '../../../src/crypto/address.js';
import type { NodeProcess } from '../../../src/devnet/node-process.js';
import { encryptKey } from '../../../src/wallet/keystore.js';
import { alice, bob, testKey, transfer } from '../../helpers/chain/fixtures.js';
import { grammarProposal, problemProposal } from '../../helpers/chain/proposals.js';
import { runCliAsync } from '../../helpers/cli.js';
import { writeTinyImageChain } from '../../helpers/tiny-image-chain.js';
import { Cluster, eventually, status } from '../cluster.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SCREENSHOTS = join(ROOT, 'test-results/explorer');
const CHROMIUM = '/usr/bin/chromium';
/** DEVELOPERS.md's flags: nothing of the browser's own reaches the network or outlives the test. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let dir: string;
let cluster: Cluster;
let node: NodeProcess;
let browser: Browser;
let page: Page;
let api: string;
/** Two accounts that register as keepers through the CLI in the storage test (no keeper process holds anything
 * for them, so they miss their challenges: the pages show strikes and replicas that are not live). */
const KEEPERS = [testKey(80), testKey(81)];
/** Two holders who propose and support in the governance test. */
const HOLDERS = [testKey(82), testKey(83)];

/** Like the tests that need shared data: skipped with a message on a developer machine without Chromium, failed
 * under CI=true (where .ci/run installs it). */
const missing = existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is missing: apt-get install chromium (as .ci/run does)`;
const skip = missing !== undefined && process.env.CI !== 'true' ? missing : false;

const getJson = async (path: string) => (await fetch(`${api}${path}`)).json() as Promise<any>;
/** Submits `tx` through POST /api/tx; returns its hash. */
async function submit(tx: Transaction): Promise<string> {
  const res = await fetch(`${api}/api/tx`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tx: toHex(encodeTransaction(tx)) }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  return ((await res.json()) as { hash: string }).hash;
}
const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
const text = async (selector: string) => (await page.locator(selector).textContent())?.trim();

before(async () => {
  if (skip) return;
  assert.equal(missing, undefined, missing);
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts/build-explorer.mjs')], { stdio: 'inherit' });
  assert.equal(built.status, 0, 'the explorer builds');
  await mkdir(SCREENSHOTS, { recursive: true });
  dir = await mkdtemp(join(tmpdir(), 'coinai-explorer-'));
  const { file } = await writeTinyImageChain(dir, [
    { address: alice.address, balance: 1_000_000n },
    ...[...KEEPERS, ...HOLDERS].map((k) => ({ address: k.address, balance: 100_000_000n })),
  ]);
  cluster = new Cluster(dir, file);
  node = await cluster.start('miner', { mine: true });
  api = node.addresses.api;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  await eventually('two mined blocks', async () => (await status(node)).height >= 2);
});

after(async () => {
  if (skip) return;
  await browser?.close();
  const codes = await cluster?.stopAll();
  assert.ok(
    codes?.every((c) => c === 0),
    `the node stops cleanly (exit codes ${codes})`,
  );
  await rm(dir, { recursive: true, force: true });
});

describe('the explorer in Chromium', { skip }, () => {
  test('the home page shows the head /api/status reports and follows new blocks without a reload', async () => {
    await page.goto(`${api}/`);
    await page.locator('#head-height').waitFor();
    // Read together until they agree: a block may land between the two reads.
    await eventually('the page showing the head /api/status reports', async () => {
      const [shown, reported] = [await text('#head-height'), (await status(node)).height];
      return shown === String(reported);
    });
    const before = Number(await text('#head-height'));
    // Page code as text: this file is type-checked without the DOM's types.
    await page.evaluate('window.sameDocument = true');
    await eventually('a new block on the page', async () => Number(await text('#head-height')) > before);
    assert.equal(await page.evaluate('window.sameDocument'), true, 'the page updated in place, not by a reload');
    assert.equal(await text('#live'), 'live: updates arrive as the node sees them');
    await shot('home');
  });

  test("the threshold chart's latest value falls between two readings", async () => {
    // One evaluation reads the text and the chart at one moment.
    const reading = () =>
      page.evaluate(`(() => {
        const out = document.getElementById('threshold-now').dataset;
        const chart = document.getElementById('threshold-chart').dataset;
        return { height: out.height, bp: Number(out.bp), chart: Number(chart.latestBp) };
      })()`) as Promise<{ height: string; bp: number; chart: number }>;
    // Two readings 1.5 s apart for the same height being mined, the first above the floor (0 for this chain).
    const [first, second] = await eventually('two readings for one height', async () => {
      const a = await reading();
      await new Promise((r) => setTimeout(r, 1500));
      const b = await reading();
      return a.height === b.height && a.bp > 0 ? [a, b] : undefined;
    });
    assert.equal(first.chart, first.bp, 'the text says what the chart draws');
    assert.ok(second.bp < first.bp, `the threshold fell: ${first.bp} then ${second.bp}`);
  });

  test('a block page draws one box per layer of its architecture', async () => {
    const block = await getJson('/api/blocks/1');
    await page.goto(`${api}/#/block/1`);
    await page.locator('#layers').waitFor();
    assert.equal(await page.locator('#layers li[data-layer]').count(), block.architecture.layers.length);
    assert.equal(await text('h1'), 'Block #1');
    assert.match((await text('#score-line'))!, /cleared/);
    await shot('block');
  });

  test('a block page shows the derivation on request, ending in its phenotype, and its verification time', async () => {
    const block = await getJson('/api/blocks/2');
    await page.goto(`${api}/#/block/2`);
    await page.getByText('Derivation: how the work hash chose the architecture').click();
    const last = page.locator('#derivation-phenotype .mono');
    await last.waitFor();
    assert.equal(await last.textContent(), block.architecture.phenotype);
    const { steps } = await getJson(`/api/blocks/${block.hash}/derivation`);
    assert.equal(await page.locator('#derivation-steps > li[data-step]').count(), steps.length);
    await shot('block-derivation');
    // The node under test is the chain's only node: every block it holds it mined, and verified as it submitted
    // it (the chain manager times every submit alike; a peer's blocks are marked received instead).
    assert.equal(block.verification.received, false);
    assert.ok(block.verification.samples > 0, `${block.verification.samples} samples`);
    assert.equal(
      await text('#verification'),
      `${Math.round(block.verification.ms)} ms, ${block.verification.samples} samples evaluated (mined by this node)`,
    );
  });

  test("verify it yourself: the evaluator in the page counts the header's score", async () => {
    const block = await getJson('/api/blocks/2');
    await page.goto(`${api}/#/block/2`);
    await page.getByRole('button', { name: 'Re-run the evaluator here' }).click();
    const result = page.locator('#verify-result[data-correct]');
    await result.waitFor({ timeout: 60_000 });
    assert.deepEqual(
      [Number(await result.getAttribute('data-correct')), Number(await result.getAttribute('data-total'))],
      [block.score.correct, block.score.total],
      (await result.textContent()) ?? '',
    );
    assert.match((await result.textContent())!, /: equal\.$/);
  });

  test('try the model: a drawing on the canvas gets the class coinai predict gives the same pixels', async () => {
    const block = await getJson('/api/blocks/2');
    await page.goto(`${api}/#/block/2`);
    const canvas = page.locator('#try-canvas');
    const box = (await canvas.boundingBox())!;
    // A stroke down the left half: this problem's classes are "left half brighter" or not.
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.1);
    await page.mouse.down();
    for (let i = 1; i <= 8; i++) await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * (0.1 + i * 0.1));
    await page.mouse.up();
    await page.getByRole('button', { name: 'Classify', exact: true }).click();
    const prediction = page.locator('#prediction[data-class]');
    await prediction.waitFor({ timeout: 60_000 });
    await shot('try-the-model');
    const pixels = (await prediction.getAttribute('data-pixels'))!;
    assert.ok(
      pixels.split(',').some((v) => Number(v) > 0.5),
      'the stroke is in the pixels',
    );
    const modelFile = join(dir, 'block-2.cai');
    const inputFile = join(dir, 'drawn.csv');
    await writeFile(
      modelFile,
      new Uint8Array(await (await fetch(`${api}/api/models/${block.modelRoot}`)).arrayBuffer()),
    );
    await writeFile(inputFile, `${pixels}\n`);
    const predicted = await runCliAsync(['predict', '--model', modelFile, '--input', inputFile, '--json']);
    assert.equal(predicted.status, 0, predicted.stderr);
    assert.deepEqual(JSON.parse(predicted.stdout), [Number(await prediction.getAttribute('data-class'))]);

    // The page's ONNX download is what `coinai export` writes for the same file.
    const onnxFile = join(dir, 'block-2.onnx');
    const exported = await runCliAsync(['export', '--model', modelFile, '--out', onnxFile]);
    assert.equal(exported.status, 0, exported.stderr);
    const href = await page.getByRole('link', { name: 'ONNX' }).getAttribute('href');
    const served = new Uint8Array(await (await fetch(`${api}${href}`)).arrayBuffer());
    assert.deepEqual(served, new Uint8Array(await readFile(onnxFile)));
  });

  test('search finds a block by height and by hash, a transaction and an address', async () => {
    const { chainId, minFee, accountCreationFee } = await status(node);
    // Bob may have no account yet: pay for its creation.
    const tx = transfer(alice, bob.address, 1234n, BigInt(minFee) + BigInt(accountCreationFee), 0, chainId);
    const res = await fetch(`${api}/api/tx`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tx: toHex(encodeTransaction(tx)) }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    const { hash: txHashHex } = (await res.json()) as { hash: string };
    await page.goto(`${api}/#/mempool`);
    await page.locator('#mempool-size').waitFor();
    await shot('mempool');
    await eventually('the transfer mined', async () => (await getJson(`/api/tx/${txHashHex}`)).status === 'mined');

    const search = async (q: string) => {
      await page.getByLabel('Search').fill(q);
      await page.getByLabel('Search').press('Enter');
    };
    const block2 = await getJson('/api/blocks/2');
    await search('2');
    await page.waitForURL(/#\/block\/2$/);
    await page.getByRole('heading', { name: 'Block #2' }).waitFor();
    await search(block2.hash);
    await page.waitForURL(new RegExp(`#/block/${block2.hash}$`));
    await page.getByRole('heading', { name: 'Block #2' }).waitFor();
    await search(txHashHex);
    await page.waitForURL(new RegExp(`#/tx/${txHashHex}$`));
    await page.getByRole('heading', { name: 'Transaction' }).waitFor();
    await shot('transaction');
    const address = formatAddress(bob.address);
    await search(address);
    await page.waitForURL(new RegExp(`#/address/${address}$`));
    await page.getByRole('heading', { name: 'Address' }).waitFor();
    await page.getByRole('cell', { name: 'received' }).waitFor();
    await shot('address');
  });

  test('the keepers page lists the keepers; a block page and a keeper page show replica health', async () => {
    for (const [i, k] of KEEPERS.entries()) {
      const file = join(dir, `keeper${i}.json`);
      const ks = encryptKey({ privateKey: k.seed, publicKey: k.publicKey }, 'pw', { N: 1024, r: 8, p: 1 });
      await writeFile(file, JSON.stringify(ks));
      const r = await runCliAsync(['keeper', 'register', '--key', file, '--capacity', '1GiB', '--api', api], {
        COINAI_PASSWORD: 'pw',
      });
      assert.equal(r.status, 0, r.stderr);
    }
    const addresses = KEEPERS.map((k) => formatAddress(k.address));
    // Models made before the keepers registered wait; the next challenge block places them (docs/PROTOCOL.md 6).
    const placed = await eventually('a model with replicas on both keepers', async () => {
      const head = (await status(node)).height;
      for (let h = head; h >= 1; h--) if ((await getJson(`/api/storage/${h}`)).replicas.length === 2) return h;
      return undefined;
    });

    await page.goto(`${api}/#/keepers`);
    await page.getByRole('heading', { name: 'Keepers', level: 1 }).waitFor();
    for (const a of addresses) await page.locator(`#keepers a[href="#/keeper/${a}"]`).waitFor();
    assert.equal(await page.locator('#keepers tbody tr').count(), 2);
    assert.match((await text('#keepers tbody tr >> nth=0'))!, /active1 GiB/);
    // R = 3 with 2 keepers: every model is short of replicas, and the summary lists them.
    assert.notEqual(await text('#under-replicated'), '0');
    await page.locator('#storage-summary a[href^="#/storage/"]').first().waitFor();
    await shot('keepers');

    await page.goto(`${api}/#/block/${placed}`);
    await page.getByRole('heading', { name: 'Replicas of its model' }).waitFor();
    assert.match((await text('#replica-health'))!, /^Model of .+: \d of 3 replicas live/);
    assert.equal(await page.locator('#replicas tbody tr').count(), 2);
    for (const a of addresses) await page.locator(`#replicas a[href="#/keeper/${a}"]`).waitFor();
    await shot('block-replicas');

    await page.locator(`#replicas a[href="#/keeper/${addresses[0]}"]`).click();
    await page.getByRole('heading', { name: 'Keeper', exact: true }).waitFor();
    const model = (await getJson(`/api/blocks/${placed}`)).modelRoot;
    await page.locator(`a[href="#/storage/${model}"]`).waitFor();
    await shot('keeper');
  });

  test('governance: proposals with support bars and odds, a proposal with its votes, the problems and their blocks', async () => {
    const { chainId, minFee } = await status(node);
    const { params } = await getJson('/api/governance');
    const [proposer, supporter] = HOLDERS;
    const sign = (key: (typeof HOLDERS)[number], nonce: number, payload: TxPayload) =>
      signTransaction(
        {
          chainId,
          sender: key.publicKey,
          nonce,
          recipient: new Uint8Array(20),
          amount: 0n,
          fee: BigInt(minFee),
          payload,
        },
        key.seed,
      );
    // The proposer's name is markup: the pages must show it as text.
    const name = '<img src=x onerror="window.injected=1">halves';
    const problem = problemProposal(name, BigInt(params.minDeposit));
    const grammar = grammarProposal(1, BigInt(params.minDeposit));
    const [problemId, grammarId] = [problem, grammar].map((p) => toHex(proposalIdOf(p)));
    const proposed = [await submit(sign(proposer, 0, problem)), await submit(sign(supporter, 0, grammar))];
    for (const hash of proposed)
      await eventually('the proposals mined', async () => (await getJson(`/api/tx/${hash}`)).status === 'mined');
    const supports = [
      await submit(sign(supporter, 1, { kind: 'support', proposal: proposalIdOf(problem), amount: 3_000_000n })),
      await submit(sign(proposer, 1, { kind: 'support', proposal: proposalIdOf(grammar), amount: 1_000_000n })),
    ];
    for (const hash of supports)
      await eventually('the supports mined', async () => (await getJson(`/api/tx/${hash}`)).status === 'mined');

    await page.goto(`${api}/`);
    await page.getByRole('navigation').getByRole('link', { name: 'Governance' }).click();
    await page.getByRole('heading', { name: 'Governance', level: 1 }).waitFor();
    for (const id of [problemId, grammarId]) await page.locator(`#governance a[data-proposal="${id}"]`).waitFor();
    // Each row's odds and bar say what /api/proposals says (read after the page: the head may have moved).
    await eventually('the odds the API gives', async () => {
      const { proposals } = await getJson('/api/proposals');
      for (const p of proposals) {
        const row = page.locator('#governance tbody tr', { has: page.locator(`a[data-proposal="${p.id}"]`) });
        if ((await row.locator('[data-odds]').getAttribute('data-odds')) !== String(p.odds)) return false;
        if (Number(await row.locator('meter').getAttribute('value')) !== Number(p.counted)) return false;
      }
      return true;
    });
    await page.getByRole('cell', { name }).waitFor();
    assert.equal(await page.evaluate('window.injected'), undefined, 'the name did not run as markup');
    assert.equal(await page.locator('#governance img').count(), 0);
    await page.locator('#governance [data-decision="problem"]').waitFor();
    await shot('governance');

    await page.locator(`#governance a[data-proposal="${problemId}"]`).click();
    await page.getByRole('heading', { name: 'Proposal', level: 1 }).waitFor();
    assert.equal(await text('#proposal-name'), name);
    const votes = page.locator('#proposal tbody tr');
    await votes.first().waitFor();
    assert.equal(await votes.count(), 1);
    assert.match((await votes.first().textContent())!, /3000000/);
    await page.locator(`#proposal a[href="#/address/${formatAddress(supporter.address)}"]`).waitFor();
    await shot('proposal');

    await page.getByRole('navigation').getByRole('link', { name: 'Problems' }).click();
    await page.getByRole('heading', { name: 'Problems', level: 1 }).waitFor();
    const { problems } = await getJson('/api/problems');
    const genesis = problems.find((p: any) => p.genesis);
    const card = page.locator(`#problems [data-problem="${genesis.id}"]`);
    await card.waitFor();
    assert.match((await card.textContent())!, /blocks trained it: #1 to #\d+/);
    const best = genesis.best[0];
    await shot('problems');
    await card.locator(`a[href="#/block/${best.hash}"]`).click();
    await page.getByRole('heading', { name: `Block #${best.height}` }).waitFor();
    // From a block to its problem.
    await page.locator('#block-problem').click();
    await page.waitForURL(new RegExp(`#/problems/${genesis.id}$`));
    await page.locator(`#problems .chosen[data-problem="${genesis.id}"]`).waitFor();
  });

  test('at phone width the home page fits the screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${api}/`);
    await page.locator('#head-height').waitFor();
    const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
    assert.ok(overflow <= 0, `the page is ${overflow} px wider than the screen`);
    await shot('home-phone');
  });
});
