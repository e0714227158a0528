// A block: its header fields, its score against the threshold at its timestamp, how long this node took to verify
// it, the architecture its work hash derived (a diagram of layers with output shapes and parameter counts, the
// phenotype beside it, and on request the derivation: each choice the hash made), its model to try and to verify
// in the browser, the health of its model's replicas on keepers, its transactions and its model file.
import {
  get,
  type ArchitectureJson,
  type BlockJson,
  type ChainJson,
  type DerivationJson,
  type TxJson,
} from '../api.js';
import { type Child, fields, fill, h, link, percent, short, table } from '../dom.js';
import { trySection, verifySection } from '../model-tools.js';
import type { Page } from '../page.js';
import { replicaSection } from './storage.js';

export const blockPage: Page = async (ctx, id) => {
  const [b, chain] = await Promise.all([get<BlockJson>(`/api/blocks/${id}`), get<ChainJson>('/api/chain')]);
  const replicas = b.height > 0 ? await replicaSection(ctx, b.modelRoot) : undefined;
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
      ['problem', link(`#/problems/${b.problemId}`, b.problemId, { id: 'block-problem' })],
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
      ['verified here', h('span', { id: 'verification' }, verification(b))],
    ]),
    h('h2', {}, 'Architecture'),
    b.architecture ? architecture(b.architecture) : h('p', {}, 'The genesis block trains nothing.'),
    b.architecture && derivationSection(b.hash),
    b.architecture && trySection(b),
    b.architecture && verifySection(b, chain),
    replicas && [h('h2', {}, 'Replicas of its model'), replicas],
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

function verification({ height, verification: v }: BlockJson): string {
  if (height === 0) return 'genesis is not verified';
  if (!v) return 'no figure: this node accepted it before it last started';
  const from = v.received ? 'received from a peer' : 'mined by this node';
  return `${Math.round(v.ms)} ms, ${v.samples} samples evaluated (${from})`;
}

/** The derivation, fetched when the disclosure is first opened: H, each expansion, the phenotype. */
function derivationSection(hash: string): HTMLElement {
  const body = h('div', {}, h('p', { class: 'small' }, 'Loading…'));
  let loaded = false;
  return h(
    'details',
    {
      id: 'derivation',
      ontoggle: (e: Event) => {
        if (loaded || !(e.currentTarget as HTMLDetailsElement).open) return;
        loaded = true;
        get<DerivationJson>(`/api/blocks/${hash}/derivation`).then(
          (d) => fill(body, derivation(d)),
          (err: Error) => fill(body, h('p', { class: 'bad' }, `The derivation failed to load: ${err.message}`)),
        );
      },
    },
    h('summary', {}, 'Derivation: how the work hash chose the architecture'),
    body,
  );
}

function derivation(d: DerivationJson): HTMLElement[] {
  return [
    h(
      'p',
      { class: 'small' },
      'Leftmost first, each nonterminal takes one of the alternatives that still end within depth ',
      String(d.maxDepth),
      ': with n of them, i = m mod n, then m := m div n (m starts at H, and is reset to H when it falls below n).',
    ),
    h(
      'ol',
      { class: 'derivation', id: 'derivation-steps' },
      h('li', {}, 'H = ', h('span', { class: 'mono' }, d.workHash)),
      d.steps.map((s) => {
        const rule = d.rules[s.rule];
        const chosen = rule.alternatives[s.allowed[s.chosen]];
        return h(
          'li',
          { 'data-step': '' },
          h('span', { class: 'mono' }, `<${rule.name}>`),
          ` at depth ${s.depth}: `,
          s.m === null
            ? 'one alternative, nothing drawn'
            : [
                `${s.allowed.length} alternatives; `,
                s.reset && 'm < n, so m := H; ',
                'm = ',
                short(s.m, 10),
                `, m mod ${s.allowed.length} = ${s.chosen}`,
              ],
          ' → ',
          h('span', { class: 'mono' }, chosen),
          s.allowed.length > 1 &&
            h(
              'details',
              {},
              h('summary', { class: 'small' }, 'alternatives'),
              h('ol', { start: 0, class: 'small mono' }, ...s.allowed.map((a) => h('li', {}, rule.alternatives[a]))),
            ),
        );
      }),
      h('li', { id: 'derivation-phenotype' }, 'phenotype: ', h('span', { class: 'mono' }, d.phenotype)),
    ),
  ];
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
