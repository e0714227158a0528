// The explorer's entry: a hash router (#/block/12, #/tx/<hash>, #/address/<address>, #/mempool, #/keepers,
// #/keeper/<address>, #/storage/<root>, #/governance, #/proposal/<id>, #/problems[/<id>], #/ for home), the search
// box, and the live event stream the pages subscribe to. A page renders into <main> and registers its subscriptions and timers through its Context, which are all
// dropped when the route changes.
import 'uplot/dist/uPlot.min.css';
import './style.css';
import { ApiFailure, get, type SearchJson } from './api.js';
import { fill, h } from './dom.js';
import { Live } from './live.js';
import type { Context, Page } from './page.js';
import { addressPage } from './pages/address.js';
import { blockPage } from './pages/block.js';
import { governancePage, problemsPage, proposalPage } from './pages/governance.js';
import { homePage } from './pages/home.js';
import { mempoolPage } from './pages/mempool.js';
import { keeperPage, keepersPage, storagePage } from './pages/storage.js';
import { txPage } from './pages/tx.js';

const ROUTES: readonly (readonly [RegExp, Page])[] = [
  [/^\/?$/, homePage],
  [/^\/block\/([0-9]{1,15}|[0-9a-fA-F]{64})$/, blockPage],
  [/^\/tx\/([0-9a-fA-F]{64})$/, txPage],
  [/^\/address\/(cai[0-9a-f]{48})$/, addressPage],
  [/^\/mempool$/, mempoolPage],
  [/^\/keepers$/, keepersPage],
  [/^\/keeper\/(cai[0-9a-f]{48})$/, keeperPage],
  [/^\/storage\/([0-9a-fA-F]{64})$/, storagePage],
  [/^\/governance$/, governancePage],
  [/^\/proposal\/([0-9a-fA-F]{64})$/, proposalPage],
  [/^\/problems(?:\/([0-9a-fA-F]{64}))?$/, problemsPage],
];

const view = document.getElementById('view')!;
const liveText = document.getElementById('live')!;
const live = new Live('/api/events', (text) => (liveText.textContent = text));
let cleanup: (() => void)[] = [];
let generation = 0;

async function route(): Promise<void> {
  for (const fn of cleanup) fn();
  cleanup = [];
  const mine = ++generation;
  const path = decodeURIComponent(location.hash.replace(/^#/, ''));
  const ctx: Context = {
    view,
    on: (name, fn) => void cleanup.push(live.on(name, fn)),
    every: (ms, fn) => {
      const id = setInterval(fn, ms);
      cleanup.push(() => clearInterval(id));
    },
    current: () => mine === generation,
  };
  fill(view, h('p', { class: 'small' }, 'loading…'));
  for (const [pattern, page] of ROUTES) {
    const m = pattern.exec(path);
    if (!m) continue;
    try {
      await page(ctx, m[1]);
    } catch (err) {
      if (ctx.current()) fill(view, h('h1', {}, 'Not shown'), h('p', { class: 'error' }, message(err)));
    }
    return;
  }
  fill(view, h('h1', {}, 'Not found'), h('p', {}, `There is no page ${path}.`), h('a', { href: '#/' }, 'Home'));
}

const message = (err: unknown) => (err instanceof ApiFailure ? err.message : `the page failed: ${String(err)}`);

const form = document.getElementById('search') as HTMLFormElement;
const input = document.getElementById('search-input') as HTMLInputElement;
form.addEventListener('submit', (e) => {
  e.preventDefault();
  const q = input.value.trim();
  if (q === '') return;
  get<SearchJson>(`/api/search?q=${encodeURIComponent(q)}`).then(
    (found) => {
      location.hash = `#/${found.kind}/${found.id}`;
      input.value = '';
    },
    (err) => fill(view, h('h1', {}, 'Search'), h('p', { class: 'error', role: 'alert' }, message(err))),
  );
});

window.addEventListener('hashchange', () => {
  void route().then(() => view.focus({ preventScroll: true }));
});
void route();
