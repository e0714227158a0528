// A block: its header fields, its score against the threshold at its timestamp, the architecture its work hash
// derived (a diagram of layers with output shapes and parameter counts, the phenotype beside it), its model to try
// and to verify in the browser, its transactions and its model file.
import { get, type ArchitectureJson, type BlockJson, type ChainJson, type TxJson } from '../api.js';
import { type Child, fields, fill, h, link, percent, short, table } from '../dom.js';
import { trySection, verifySection } from '../model-tools.js';
import type { Page } from '../page.js';

export const blockPage: Page = async (ctx, id) => {
  const [b, chain] = await Promise.all([get<BlockJson>(`/api/blocks/${id}`), get<ChainJson>('/api/chain')]);
  if (!ctx.current()) return;
  const cleared = b.thresholdBp !== null && b.score.bp >= b.thresholdBp;
  fill(
    ctx.view,
    h('h1', {}, `Block #${b.height}`),
    !b.mainChain && h('p', { class: 'bad' }, 'This block is on a side branch, not on the main chain.'),
    b.thresholdBp !== null &&
      h(
        'p',
        { id: 'score-line' },
        `Score ${percent(b.score.bp)} (${b.score.correct} of ${b.score.total}) against a threshold of `,
        `${percent(b.thresholdBp)} at its timestamp: `,
        h('strong', { class: cleared ? 'ok' : 'bad' }, cleared ? 'cleared' : 'not cleared'),
        '.',
      ),
    fields([
      ['hash', b.hash],
      ['height', String(b.height)],
      ['parent', b.height > 0 ? link(`#/block/${b.parentHash}`, b.parentHash) : b.parentHash],
      ['time', `${new Date(b.timestamp * 1000).toISOString()} (${b.timestamp})`],
      ['miner', link(`#/address/${b.miner}`, b.miner)],
      ['version', String(b.version)],
      ['nonce', b.nonce],
      ['transactions root', b.txRoot],
      ['state root', b.stateRoot],
      ['problem', b.problemId],
      ['grammar', b.grammarId],
      [
        'model root',
        b.height > 0
          ? [
              b.modelRoot,
              ' ',
              link(`/api/models/${b.modelRoot}`, 'download', { download: `block-${b.height}.cai` }),
              ' ',
              link(`/api/models/${b.modelRoot}/onnx`, 'ONNX', { download: `block-${b.height}.onnx` }),
            ]
          : b.modelRoot,
      ],
      ['model size', `${b.modelSize} bytes`],
    ]),
    h('h2', {}, 'Architecture'),
    b.architecture ? architecture(b.architecture) : h('p', {}, 'The genesis block trains nothing.'),
    b.architecture && trySection(b),
    b.architecture && verifySection(b, chain),
    h('h2', {}, `Transactions (${b.txs.length})`),
    b.txs.length > 0 ? txTable(b.txs) : h('p', {}, 'None.'),
  );
};

function architecture(a: ArchitectureJson): HTMLElement {
  return h(
    'div',
    { class: 'arch' },
    h(
      'div',
      {},
      h('p', { class: 'small' }, `${a.layers.length} layers, ${a.params} parameters, ${a.classes} classes`),
      h(
        'ol',
        { class: 'layers', id: 'layers', 'aria-label': 'layers, input to output' },
        h('li', { class: 'io', 'data-io': 'input' }, h('span', {}, 'input'), h('span', { class: 'small' }, a.input)),
        a.layers.map((l, i) =>
          h(
            'li',
            { 'data-layer': i },
            h('span', {}, l.summary),
            h('span', { class: 'small' }, `→ ${l.output} · ${l.params} params`),
          ),
        ),
      ),
    ),
    h('div', {}, h('h3', { class: 'small' }, 'phenotype'), h('pre', { class: 'phenotype' }, a.phenotype)),
  );
}

/** Transactions with links to each and to its addresses; `extra` adds columns. */
export function txTable<T extends TxJson>(
  txs: readonly T[],
  extra: { readonly head: readonly string[]; readonly cells: (t: T) => Child[] } = { head: [], cells: () => [] },
): HTMLElement {
  return table(
    ['hash', 'from', 'to', 'amount', 'fee', 'nonce', ...extra.head],
    txs.map((t) => [
      link(`#/tx/${t.hash}`, short(t.hash)),
      link(`#/address/${t.from}`, short(t.from, 6)),
      link(`#/address/${t.to}`, short(t.to, 6)),
      t.amount,
      t.fee,
      t.nonce,
      ...extra.cells(t),
    ]),
  );
}
