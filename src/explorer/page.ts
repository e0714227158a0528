// What a page gets from the router: where to render, and subscriptions and timers that end when the route changes.
import type { LiveEvents, LiveName } from './live.js';

export interface Context {
  readonly view: HTMLElement;
  on<K extends LiveName>(name: K, fn: (data: LiveEvents[K]) => void): void;
  /** Runs `fn` every `ms` while the page is shown (the threshold curve's clock; never a request). */
  every(ms: number, fn: () => void): void;
  /** Whether the visitor is still on this page (a render that awaited may find it is not). */
  readonly current: () => boolean;
}

/** Renders the page for the route's captured argument (empty for home). */
export type Page = (ctx: Context, arg: string) => Promise<void>;
