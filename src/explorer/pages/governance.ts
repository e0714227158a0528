// Governance (docs/PROTOCOL.md 7): the active rules, the pending activations and each kind's next decision with its
// counted support against the quorum, and the proposals with support bars and odds; one proposal with its payload
// and its votes; and the problems' history (the heights that trained each, its best models linking to their
// blocks). Each reloads at every new block: the state they show changes only then. Names are the proposers' free
// text, written as text like everything else.
import { formatBytes } from '../../codec/bytes.js';
import { get, type GovernanceJson, type ProblemJson, type ProposalDetailJson, type ProposalJson } from '../api.js';
import { type Child, fields, fill, h, link, percent, short, table } from '../dom.js';
import type { Page } from '../page.js';
import { live } from './storage.js';

/** `part` of `whole` (decimal strings) as a bar, the figures beside it. */
function bar(part: string, whole: string, label: string): HTMLElement {
  const max = Math.max(1, Number(whole));
  return h(
    'span',
    { class: 'bar' },
    h('meter', { min: 0, max, value: Math.min(Number(part), max), 'aria-label': label }),
    ` ${part} of ${whole}`,
  );
}

const odds = (p: ProposalJson) => (p.decision === null ? '–' : `${(p.odds * 100).toFixed(1)}%`);

const nameOf = (p: { kind: string; name: string | null }) => (p.kind === 'grammar' ? 'grammar upgrade' : p.name);

function proposalRows(g: GovernanceJson, proposals: readonly ProposalJson[]): HTMLElement {
  const quorum = new Map(g.kinds.map((k) => [k.kind, k.quorum]));
  return table(
    ['proposal', 'kind', 'name', 'status', 'created', 'expires', 'support', 'counted of the quorum', 'odds'],
    proposals.map((p) => [
      link(`#/proposal/${p.id}`, short(p.id), { 'data-proposal': p.id }),
      p.kind,
      nameOf(p),
      h('span', { class: p.status === 'lost' ? 'bad' : p.status === 'selected' ? 'ok' : '' }, p.status),
      p.created,
      p.expires,
      p.support,
      p.decision === null ? '–' : bar(p.counted, quorum.get(p.kind)!, `${p.id} counted support of the quorum`),
      h('span', { 'data-odds': String(p.odds) }, odds(p), p.leads && ' (leads)'),
    ]),
    `odds: ${g.selection === 'lottery' ? 'the chance the lottery draws it' : 'the leader wins'} at its kind's next decision, with the locks of now`,
  );
}

function rules(g: GovernanceJson): Child[] {
  const p = g.params;
  return [
    fields([
      ['at height', String(g.height)],
      [
        'problem',
        [link(`#/problems/${g.active.problemId}`, short(g.active.problemId)), ` active since ${g.active.problemSince}`],
      ],
      ['grammar', [short(g.active.grammarId), ` active since ${g.active.grammarSince}`]],
      ['selection', g.selection],
      ['next decision', `block ${g.nextDecision}`],
      ['supply', `${g.supply} by then`],
      ['quorum', `${g.quorum} (${percent(g.quorumBp)} of the supply)`],
      [
        'rules',
        `decisions every ${p.decisionInterval} blocks; support counts once ${p.confirmBlocks} blocks old; ` +
          `a winner activates ${p.activationDelay} blocks later and stays at least ${p.lockUp}; ` +
          `proposals last ${p.proposalLifetime} blocks with a deposit of at least ${p.minDeposit}`,
      ],
    ]),
    g.pending.length > 0 &&
      h(
        'ul',
        { id: 'pending' },
        g.pending.map((a) =>
          h(
            'li',
            {},
            `The ${a.kind} of proposal `,
            link(`#/proposal/${a.proposal}`, short(a.proposal)),
            ` becomes active at the end of block ${a.at}.`,
          ),
        ),
      ),
    h('h2', {}, 'Next decisions'),
    table(
      ['kind', 'at block', 'candidates', 'counted support of the quorum', 'quorum'],
      g.kinds.map((k) => [
        k.kind,
        h('span', { 'data-decision': k.kind }, k.nextDecision),
        k.candidates,
        bar(k.counted, k.quorum, `${k.kind} counted support of the quorum`),
        h('strong', { class: k.reachesQuorum ? 'ok' : 'bad' }, k.reachesQuorum ? 'reached' : 'not reached'),
      ]),
    ),
  ];
}

export const governancePage: Page = async (ctx) => {
  const body = h('div', { id: 'governance' });
  await live(
    ctx,
    body,
    () => Promise.all([get<GovernanceJson>('/api/governance'), get<{ proposals: ProposalJson[] }>('/api/proposals')]),
    ([g, { proposals }]) => [
      rules(g),
      h('h2', {}, `Proposals (${proposals.length})`),
      proposals.length === 0 ? h('p', {}, 'Nobody has proposed anything yet.') : proposalRows(g, proposals),
    ],
  );
  if (!ctx.current()) return;
  fill(ctx.view, h('h1', {}, 'Governance'), body);
};

function payload(p: ProposalDetailJson): [string, Child][] {
  if (p.problem) {
    const t = p.problem.threshold;
    return [
      ['data set', [short(p.problem.dataRoot), ` (${formatBytes(p.problem.dataSize)}, a stored object)`]],
      ['input', p.problem.input],
      ['classes', String(p.problem.classes)],
      ['metric', p.problem.metric],
      ['threshold', `${t.mode}: from ${percent(t.startBp)} down to ${percent(t.floorBp)}`],
      ['max model size', formatBytes(p.problem.maxModelBytes)],
    ];
  }
  const g = p.grammar!;
  return [
    ['grammar id', g.grammarId],
    ['grammar file', [short(g.fileRoot), ` (${formatBytes(g.fileSize)}, a stored object)`]],
  ];
}

export const proposalPage: Page = async (ctx, id) => {
  const body = h('div', { id: 'proposal' });
  await live(
    ctx,
    body,
    () => get<ProposalDetailJson>(`/api/proposals/${id}`),
    (p) => [
      h('p', { class: 'mono' }, p.id),
      fields([
        ['kind', p.kind],
        ['name', h('span', { id: 'proposal-name' }, nameOf(p))],
        ['status', h('span', { id: 'proposal-status' }, p.status)],
        ['proposer', link(`#/address/${p.proposer}`, p.proposer)],
        ['deposit', p.deposit],
        ['created', [link(`#/block/${p.created}`, `block ${p.created}`), ' by ', link(`#/tx/${p.tx}`, short(p.tx))]],
        ['expires', `at the end of block ${p.expires} unless selected`],
        ['support', p.support],
        [
          'next decision',
          p.decision === null
            ? 'none: it is not open then'
            : [`block ${p.decision}: counted ${p.counted}, odds ${odds(p)}`, p.leads && ' (leads)'],
        ],
        ...payload(p),
      ]),
      p.kind === 'problem' && p.status === 'selected' && link(`#/problems/${p.id}`, 'Its history as a problem'),
      h('h2', {}, `Votes (${p.supports.length})`),
      p.supports.length === 0
        ? h('p', {}, 'Nobody supports it.')
        : table(
            ['supporter', 'amount', 'locked at', 'counted'],
            p.supports.map((s) => [
              link(`#/address/${s.address}`, short(s.address, 6)),
              s.amount,
              s.since,
              h('span', { class: s.counted ? 'ok' : '' }, s.counted ? 'yes' : 'not yet'),
            ]),
            'a lock counts at a decision once it is old enough (the confirm rule)',
          ),
    ],
  );
  if (!ctx.current()) return;
  fill(ctx.view, h('h1', {}, 'Proposal'), body);
};

function problemCard(p: ProblemJson, chosen: boolean): HTMLElement {
  const heights =
    p.status === 'pending'
      ? `trains from block ${p.activeFrom + 1}`
      : p.firstBlock === null
        ? 'no block has trained it yet'
        : [
            `${p.blocks} blocks trained it: `,
            link(`#/block/${p.firstBlock}`, `#${p.firstBlock}`),
            ' to ',
            link(`#/block/${p.lastBlock!}`, `#${p.lastBlock!}`),
          ];
  return h(
    'section',
    { class: chosen ? 'problem chosen' : 'problem', 'data-problem': p.id, id: `problem-${p.id}` },
    h('h2', {}, p.genesis ? 'Genesis problem' : 'Proposed problem', ': ', p.name ?? 'unnamed'),
    fields([
      ['id', p.genesis ? short(p.id) : link(`#/proposal/${p.id}`, short(p.id))],
      ['status', h('span', { class: p.status === 'active' ? 'ok' : '' }, p.status)],
      [
        'active',
        p.activeTo === null
          ? `from the end of block ${p.activeFrom}`
          : `from the end of block ${p.activeFrom} to block ${p.activeTo}`,
      ],
      ['blocks', heights],
    ]),
    p.best.length > 0 &&
      table(
        ['block', 'score'],
        p.best.map((b) => [link(`#/block/${b.hash}`, `#${b.height}`), percent(b.score.bp)]),
        'its best models',
      ),
  );
}

/** Every problem, oldest first; with an id, that one marked. */
export const problemsPage: Page = async (ctx, id) => {
  const body = h('div', { id: 'problems' });
  await live(
    ctx,
    body,
    () => get<{ problems: ProblemJson[] }>('/api/problems'),
    ({ problems }) => problems.map((p) => problemCard(p, p.id === id?.toLowerCase())),
  );
  if (!ctx.current()) return;
  fill(ctx.view, h('h1', {}, 'Problems'), body);
  if (id) document.getElementById(`problem-${id.toLowerCase()}`)?.scrollIntoView();
};
