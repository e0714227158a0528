// Proof of storage: the keepers (capacity, used, bond, proofs, strikes, earnings) with the chain's storage summary
// and its under-replicated objects; one keeper with its replicas and open challenges; and the replica health of one
// object (its keepers, strikes, last proofs, open challenges, live or not), which the block page shows for its
// model. Each reloads at every new block: the state they show changes only then.
import { formatBytes } from '../../codec/bytes.js';
import {
  ApiFailure,
  get,
  type ChallengeJson,
  type KeeperDetailJson,
  type KeeperJson,
  type ReplicaJson,
  type StorageSummaryJson,
  type StoredObjectJson,
} from '../api.js';
import { type Child, fields, fill, h, link, short, table } from '../dom.js';
import type { Context, Page } from '../page.js';

/** Renders what `load` fetched into `el` now and again at every new block. */
export async function live<T>(ctx: Context, el: HTMLElement, load: () => Promise<T>, render: (data: T) => Child[]) {
  const show = async () => {
    const data = await load();
    if (ctx.current()) fill(el, ...render(data));
  };
  await show();
  ctx.on('block', () => void show().catch(() => undefined));
}

const challengeText = (c: ChallengeJson | null) =>
  c ? `epoch ${c.epoch}: segment ${c.segment}, until block ${c.windowEnd}` : 'none open';

const proofText = (epoch: number) => (epoch === 0 ? 'none yet' : `epoch ${epoch}`);

const liveCell = (r: ReplicaJson) =>
  h('strong', { class: r.live ? 'ok' : 'bad', 'data-live': String(r.live) }, r.live ? 'live' : 'not live');

function keeperRows(keepers: readonly KeeperJson[]): HTMLElement {
  return table(
    ['keeper', 'status', 'capacity', 'used', 'bond', 'proofs', 'strikes', 'earned', 'burnt', 'objects'],
    keepers.map((k) => [
      link(`#/keeper/${k.address}`, short(k.address, 6)),
      h('span', { class: k.status === 'active' ? 'ok' : 'bad' }, k.status),
      formatBytes(k.capacity),
      formatBytes(k.used),
      k.bond,
      k.proofs,
      k.misses,
      k.earned,
      k.burnt,
      k.objects,
    ]),
    'strikes: proofs missed; burnt: bond lost to penalties',
  );
}

function summaryFields(s: StorageSummaryJson): Child[] {
  return [
    fields([
      ['at height', String(s.height)],
      ['epoch', s.epoch ? `${s.epoch.epoch}, challenged at block ${s.epoch.height}` : 'none yet'],
      ['objects', `${s.objects} (${formatBytes(s.bytes)})`],
      ['replication', `${s.params.replication} replicas a model; epochs of ${s.params.epochLength} blocks`],
      ['under-replicated', h('span', { id: 'under-replicated' }, String(s.underReplicated))],
    ]),
    s.underReplicatedObjects.length === 0
      ? h('p', {}, 'Every object has its live replicas.')
      : table(
          ['object', 'kind', 'size', 'replicas', 'live'],
          s.underReplicatedObjects.map((o) => [
            link(`#/storage/${o.root}`, short(o.root)),
            o.kind,
            formatBytes(o.size),
            `${o.replicas} of ${o.replication}`,
            h('strong', { class: 'bad' }, o.live),
          ]),
          'objects with fewer live replicas than they should have',
        ),
  ];
}

export const keepersPage: Page = async (ctx) => {
  const summary = h('div', { id: 'storage-summary' });
  const list = h('div', { id: 'keepers' });
  await Promise.all([
    live(ctx, summary, () => get<StorageSummaryJson>('/api/storage'), summaryFields),
    live(
      ctx,
      list,
      () => get<{ keepers: KeeperJson[] }>('/api/keepers'),
      ({ keepers }) => [keepers.length === 0 ? h('p', {}, 'No keeper has registered.') : keeperRows(keepers)],
    ),
  ]);
  if (!ctx.current()) return;
  fill(ctx.view, h('h1', {}, 'Keepers'), h('h2', {}, 'Storage'), summary, h('h2', {}, 'Keepers'), list);
};

export const keeperPage: Page = async (ctx, address) => {
  const body = h('div');
  await live(
    ctx,
    body,
    () => get<KeeperDetailJson>(`/api/keepers/${address}`),
    (k) => [
      fields([
        ['address', link(`#/address/${k.address}`, k.address)],
        ['status', k.status + (k.unbondAt ? `, bond paid back at block ${k.unbondAt}` : '')],
        ['peer', k.peerId ?? 'not a peer id'],
        ['registered at', String(k.registered)],
        ['capacity', `${formatBytes(k.used)} used of ${formatBytes(k.capacity)}`],
        ['bond', k.bond],
        ['proofs', String(k.proofs)],
        ['strikes', String(k.misses)],
        ['earned', k.earned],
        ['burnt', k.burnt],
      ]),
      h('h2', {}, `Replicas (${k.replicas.length})`),
      k.replicas.length === 0
        ? h('p', {}, 'It holds nothing.')
        : table(
            ['object', 'kind', 'size', 'assigned', 'strikes', 'last proof', 'open challenge', 'health'],
            k.replicas.map((r) => [
              link(`#/storage/${r.root}`, short(r.root)),
              r.kind,
              formatBytes(r.size),
              r.assigned,
              r.strikes,
              proofText(r.lastProof),
              challengeText(r.challenge),
              liveCell(r),
            ]),
          ),
    ],
  );
  if (!ctx.current()) return;
  fill(ctx.view, h('h1', {}, 'Keeper'), body);
};

function replicaHealth(o: StoredObjectJson): Child[] {
  const below = o.live < o.replication;
  return [
    h(
      'p',
      { id: 'replica-health' },
      `${o.kind === 'model' ? 'Model' : 'Data file'} of ${formatBytes(o.size)}: `,
      h('strong', { class: below ? 'bad' : 'ok' }, `${o.live} of ${o.replication} replicas live`),
      o.waiting && ' (waiting for keepers with room: placement retries every epoch)',
      '.',
    ),
    o.replicas.length > 0 &&
      table(
        ['keeper', 'assigned', 'strikes', 'last proof', 'open challenge', 'health'],
        o.replicas.map((r) => [
          link(`#/keeper/${r.keeper}`, short(r.keeper, 6)),
          r.assigned,
          r.strikes,
          proofText(r.lastProof),
          challengeText(r.challenge),
          liveCell(r),
        ]),
      ),
  ];
}

/** The replica health of a block's model (by height) or of an object (by root), for the block page. */
export async function replicaSection(ctx: Context, id: string): Promise<HTMLElement> {
  const el = h('div', { id: 'replicas' });
  await live(
    ctx,
    el,
    () =>
      get<StoredObjectJson>(`/api/storage/${id}`).catch((err) => {
        if (err instanceof ApiFailure && err.status === 404) return undefined;
        throw err;
      }),
    (o) => (o ? replicaHealth(o) : [h('p', {}, 'The chain stores no object for it.')]),
  );
  return el;
}

export const storagePage: Page = async (ctx, root) => {
  const section = await replicaSection(ctx, root);
  if (!ctx.current()) return;
  fill(ctx.view, h('h1', {}, 'Stored object'), h('p', { class: 'mono' }, root), section);
};
