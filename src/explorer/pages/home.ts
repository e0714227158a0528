// Home: the node (head, peers, sync, mining), the live threshold curve, a strip of the latest blocks, the problem and
// the best models of the recent blocks. Everything after the first load arrives as events.
import { threshold } from '../../consensus/threshold.js';
import { get, type ChainJson, type ListedHeaderJson, type MinerJson, type StatusJson } from '../api.js';
import { age, type Child, fields, fill, h, link, nowSeconds, percent, short, table } from '../dom.js';
import type { Page } from '../page.js';
import { ThresholdChart } from '../threshold-chart.js';

/** Headers the page keeps: the strip shows the last STRIP, the chart and leaderboard use them all. */
const RECENT = 100;
const STRIP = 12;

export const homePage: Page = async (ctx) => {
  const [status, chain, listed, miner] = await Promise.all([
    get<StatusJson>('/api/status'),
    get<ChainJson>('/api/chain'),
    get<{ blocks: ListedHeaderJson[] }>(`/api/blocks?count=${RECENT}`),
    get<MinerJson>('/api/miner'),
  ]);
  if (!ctx.current()) return;
  let recent = listed.blocks;
  const params = chain.problem.threshold;

  const cards = h('dl', { class: 'grid', 'aria-label': 'node' });
  const minerInfo = h('div', { class: 'card' });
  const chartEl = h('div', { class: 'chart', id: 'threshold-chart', role: 'img' });
  const nowText = h('output', { id: 'threshold-now', for: 'threshold-chart' });
  const strip = h('ol', { class: 'strip', 'aria-label': 'latest blocks' });
  const leaders = h('div');
  fill(
    ctx.view,
    h('h1', {}, 'Coin.AI: a chain that trains neural networks'),
    cards,
    h('h2', { id: 'threshold-h' }, 'Threshold of the next block'),
    h('p', {}, 'The score a new block must reach now: ', nowText, '. ', minerInfo),
    chartEl,
    h('h2', {}, 'Latest blocks'),
    strip,
    h('h2', {}, 'The problem'),
    problemFields(chain),
    h('h2', {}, `Best models of the last ${RECENT} blocks`),
    leaders,
  );
  const chart = new ThresholdChart(chartEl, params);

  const showStatus = (s: StatusJson) =>
    fill(
      cards,
      card('Head height', h('span', { id: 'head-height' }, s.height)),
      card('Head', link(`#/block/${s.hash}`, short(s.hash, 6))),
      card('Peers', s.peers),
      card('Sync', s.syncing ? 'catching up' : 'in sync'),
      card('Mining', s.mining ? 'yes' : 'no'),
      card('Mempool', link('#/mempool', `${s.mempool} tx`)),
    );
  const showMiner = (m: MinerJson) =>
    fill(
      minerInfo,
      !m.enabled
        ? 'This node does not mine.'
        : !m.candidate
          ? 'The miner is between candidates.'
          : [
              `This node is training height ${m.candidate.height}, epoch ${m.candidate.epoch}: best score `,
              m.candidate.scoreBp === null ? 'not evaluated yet' : percent(m.candidate.scoreBp),
              `, ${Math.round(m.candidate.samplesPerSecond)} samples/s.`,
            ],
    );
  const showBlocks = () => {
    const now = nowSeconds();
    const byHeight = new Map(recent.map((b) => [b.height, b]));
    fill(
      strip,
      recent
        .slice(-STRIP)
        .reverse()
        .map((b) => {
          const parent = byHeight.get(b.height - 1);
          const bar = parent && threshold(params, parent, b.timestamp);
          return h(
            'li',
            { class: 'card' },
            link(
              `#/block/${b.height}`,
              [
                h('div', { class: 'h' }, `#${b.height}`),
                h('div', { class: 'small' }, age(b.timestamp, now)),
                b.height > 0 && h('div', {}, `score ${percent(b.score.bp)}`),
                bar !== undefined && h('div', { class: 'small' }, `cleared ${percent(bar)}`),
                h('div', { class: 'small' }, `miner `, short(b.miner, 5)),
                h('div', { class: 'small' }, `${b.txCount} tx`),
              ],
              { 'aria-label': `block ${b.height}` },
            ),
          );
        }),
    );
    const best = recent
      .filter((b) => b.height > 0)
      .sort((a, b) => b.score.bp - a.score.bp || a.height - b.height)
      .slice(0, 10);
    fill(
      leaders,
      table(
        ['rank', 'block', 'score', 'miner', 'model'],
        best.map((b, i) => [
          i + 1,
          link(`#/block/${b.height}`, `#${b.height}`),
          percent(b.score.bp),
          link(`#/address/${b.miner}`, short(b.miner, 6)),
          link(`/api/models/${b.modelRoot}`, 'download', { download: `block-${b.height}.cai` }),
        ]),
      ),
    );
  };
  const tick = () => {
    const parent = recent.at(-1)!;
    const mined = recent.slice(1).map((b, i) => ({ dt: b.timestamp - recent[i].timestamp, bp: b.score.bp }));
    const bp = chart.update(parent, mined, nowSeconds());
    nowText.textContent = percent(bp);
    nowText.dataset.bp = String(bp);
    nowText.dataset.height = String(parent.height + 1);
  };

  showStatus(status);
  showMiner(miner);
  showBlocks();
  tick();
  ctx.on('status', (s) => {
    showStatus(s);
    // Blocks this page never got an event for (it loaded before the stream connected, or the stream reconnected).
    if (s.height > recent.at(-1)!.height)
      void get<{ blocks: ListedHeaderJson[] }>(`/api/blocks?count=${RECENT}`).then(({ blocks }) => {
        if (!ctx.current() || blocks.at(-1)!.height <= recent.at(-1)!.height) return;
        recent = blocks;
        showBlocks();
        tick();
      });
  });
  ctx.on('miner', showMiner);
  ctx.on('block', (b) => {
    // A reorganisation replaces the top; a gap (the stream reconnected) is filled by the next full load.
    recent = [...recent.filter((r) => r.height < b.height), b].slice(-RECENT);
    showBlocks();
    tick();
  });
  ctx.every(1000, tick);
};

const card = (label: string, value: Child) => h('div', { class: 'card' }, h('dt', {}, label), h('dd', {}, value));

function problemFields({ problem: p }: ChainJson): HTMLElement {
  const t = p.threshold;
  const rule =
    `from ${percent(t.startBp)} falling ${percent(t.decayBp)} every ${t.decaySeconds} s to ${percent(t.floorBp)}` +
    (t.mode === 'adaptive' ? `; start: the parent's score + ${percent(t.marginBp)}, at most ${percent(t.capBp)}` : '');
  return fields([
    ['data set', p.dataset],
    ['metric', p.metric],
    ['input', p.input],
    ['classes', String(p.classes)],
    ['threshold', `${t.mode}: ${rule}`],
    ['largest model', `${p.maxModelBytes} bytes`],
  ]);
}
