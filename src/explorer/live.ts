// The node's server-sent events (GET /api/events): one EventSource for the page, which the browser reconnects by
// itself. Pages subscribe through their Context and are unsubscribed when the visitor navigates away.
import type { ListedHeaderJson, MinerJson, StatusJson } from './api.js';

export interface LiveEvents {
  /** The node at a glance, on connecting and whenever any of it changes. */
  readonly status: StatusJson;
  /** A new head. */
  readonly block: ListedHeaderJson;
  /** The mempool changed. */
  readonly mempool: { readonly size: number };
  /** The miner's state changed. */
  readonly miner: MinerJson;
}

export type LiveName = keyof LiveEvents;
type Listener<K extends LiveName> = (data: LiveEvents[K]) => void;

export class Live {
  private readonly listeners = new Map<LiveName, Set<Listener<LiveName>>>();

  constructor(url: string, onState: (text: string) => void) {
    const source = new EventSource(url);
    source.onopen = () => onState('live: updates arrive as the node sees them');
    source.onerror = () => onState('disconnected from the node: reconnecting…');
    for (const name of ['status', 'block', 'mempool', 'miner'] as const) {
      source.addEventListener(name, (e) => {
        const data = JSON.parse((e as MessageEvent<string>).data) as LiveEvents[typeof name];
        for (const fn of this.listeners.get(name) ?? []) fn(data);
      });
    }
  }

  on<K extends LiveName>(name: K, fn: Listener<K>): () => void {
    const set = this.listeners.get(name) ?? new Set();
    this.listeners.set(name, set);
    set.add(fn as Listener<LiveName>);
    return () => set.delete(fn as Listener<LiveName>);
  }
}
