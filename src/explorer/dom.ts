// Building the page: elements from tag, attributes and children. Text always goes in as text nodes, never as HTML, so
// what the chain carries (memos, phenotypes, anything a peer sent) cannot inject markup.
export type Child = Node | string | number | null | undefined | false | readonly Child[];
type Attr = string | number | boolean | undefined | ((e: Event) => void);

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, Attr> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (value !== undefined && value !== false) el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el: Node, children: readonly Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces the children of `el`. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/** A definition list of label/value pairs. */
export function fields(rows: readonly (readonly [string, Child])[], cls = 'fields'): HTMLDListElement {
  return h('dl', { class: cls }, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

export function table(head: readonly string[], rows: readonly (readonly Child[])[], caption?: string): HTMLElement {
  return h(
    'div',
    { class: 'scroll' },
    h(
      'table',
      {},
      caption && h('caption', { class: 'small' }, caption),
      h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))),
    ),
  );
}

export const link = (href: string, text: Child, attrs: Record<string, Attr> = {}) => h('a', { href, ...attrs }, text);

/** First and last digits of a long hash or address, the whole of it in the title. */
export function short(text: string, keep = 8): HTMLElement {
  const shown = text.length > 2 * keep + 1 ? `${text.slice(0, keep)}…${text.slice(-keep)}` : text;
  return h('span', { class: 'mono', title: text }, shown);
}

export const percent = (bp: number) => `${(bp / 100).toFixed(2)}%`;

/** "12 s ago", "5 min ago", "3 h ago". */
export function age(timestamp: number, nowSeconds: number): string {
  const s = Math.max(0, Math.round(nowSeconds - timestamp));
  if (s < 120) return `${s} s ago`;
  if (s < 7200) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}

export const nowSeconds = () => Date.now() / 1000;
