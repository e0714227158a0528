// GET /api/events: server-sent events for the explorer. Each open stream gets `status` (the node at a glance) at
// once and whenever it changes, `block` with every new head, `mempool` when the pool changes and `miner` when the
// miner's state does. New heads come from the chain's own notification; the mempool and the miner announce nothing,
// so while any stream is open the hub compares their state once a second and sends what changed (never per stream).
//
// Streams hold a socket each for as long as a client likes, so they are bounded: at most MAX_STREAMS_PER_CLIENT per
// client (an IPv4 address, an IPv6 /64: clientKey), MAX_EVENT_STREAMS in all; and a client that stops reading is cut
// off once MAX_UNREAD_BYTES are waiting for it, rather than buffered without end.
import type { ServerResponse } from 'node:http';
import { toHex } from '../../codec/hex.js';
import type { BlockHeader } from '../../chain/header.js';
import type { NodeApi } from './node-api.js';
import { clientKey } from './rate-limit.js';
import { statusView } from './routes/status.js';
import { headerView } from './views/header.js';

export const MAX_EVENT_STREAMS = 256;
export const MAX_STREAMS_PER_CLIENT = 8;
export const MAX_UNREAD_BYTES = 1 << 20;
const SAMPLE_MS = 1000;
/** A comment line this often keeps proxies and browsers from timing an idle stream out. */
const HEARTBEAT_MS = 15_000;

interface Stream {
  readonly client: string;
  readonly res: ServerResponse;
}

export type EventName = 'status' | 'block' | 'mempool' | 'miner';

export class EventHub {
  private readonly streams = new Set<Stream>();
  private readonly perClient = new Map<string, number>();
  private readonly last = new Map<EventName, string>();
  /** Running while any stream is open: the sampling timer and the head subscription. */
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private ticks = 0;

  constructor(private readonly node: NodeApi) {}

  /** Why a stream from `ip` cannot open now, or undefined when it can. */
  refusal(ip: string): string | undefined {
    if (this.streams.size >= MAX_EVENT_STREAMS) return `the node serves ${MAX_EVENT_STREAMS} event streams at most`;
    if ((this.perClient.get(clientKey(ip)) ?? 0) >= MAX_STREAMS_PER_CLIENT)
      return `at most ${MAX_STREAMS_PER_CLIENT} event streams per client`;
    return undefined;
  }

  /** Starts a stream on `res` (after refusal() said yes); it ends when the client goes or the hub closes. */
  open(ip: string, res: ServerResponse): void {
    const stream = { client: clientKey(ip), res };
    this.streams.add(stream);
    this.perClient.set(stream.client, (this.perClient.get(stream.client) ?? 0) + 1);
    res.on('close', () => this.drop(stream));
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    });
    this.write(stream, 'retry: 3000\n\n');
    for (const [name, data] of this.snapshot()) this.write(stream, frame(name, data));
    if (this.timer) return;
    this.remember();
    this.unsubscribe = this.node.onHead((head) => void this.onHead(head));
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
    this.timer.unref();
  }

  close(): void {
    for (const s of [...this.streams]) s.res.end();
    this.stop();
  }

  private snapshot(): [EventName, string][] {
    const pending = this.node.pending();
    const values: [EventName, unknown][] = [
      ['status', statusView(this.node)],
      ['mempool', { size: pending.length }],
      ['miner', this.node.miner() ?? { enabled: false, candidate: null }],
    ];
    return values.map(([name, v]) => [name, JSON.stringify(v)]);
  }

  /** What each of status, mempool and miner was when last sent; the mempool's includes its transactions, so that
   * one mined and another admitted is a change too. Returns those that changed. */
  private remember(): [EventName, string][] {
    return this.snapshot().filter(([name, data]) => {
      const key = name === 'mempool' ? `${data}${this.poolSignature()}` : data;
      if (this.last.get(name) === key) return false;
      this.last.set(name, key);
      return true;
    });
  }

  private sample(): void {
    for (const [name, data] of this.remember()) this.broadcast(frame(name, data));
    if (++this.ticks % (HEARTBEAT_MS / SAMPLE_MS) === 0) this.broadcast(': keep-alive\n\n');
  }

  private poolSignature(): string {
    return this.node
      .pending()
      .map((tx) => toHex(tx.signature.subarray(0, 8)))
      .sort()
      .join('');
  }

  private async onHead(head: BlockHeader): Promise<void> {
    const block = await this.node.blockAt(head.height).catch(() => undefined);
    this.broadcast(frame('block', JSON.stringify({ ...headerView(head), txCount: block?.block.txs.length ?? 0 })));
    this.sample();
  }

  private broadcast(text: string): void {
    for (const s of [...this.streams]) this.write(s, text);
  }

  private write(stream: Stream, text: string): void {
    if (stream.res.writableLength > MAX_UNREAD_BYTES) {
      stream.res.destroy();
      return;
    }
    stream.res.write(text);
  }

  private drop(stream: Stream): void {
    if (!this.streams.delete(stream)) return;
    const n = (this.perClient.get(stream.client) ?? 1) - 1;
    if (n === 0) this.perClient.delete(stream.client);
    else this.perClient.set(stream.client, n);
    if (this.streams.size === 0) this.stop();
  }

  private stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    clearInterval(this.timer);
    this.timer = undefined;
    this.last.clear();
  }
}

const frame = (name: EventName, data: string) => `event: ${name}\ndata: ${data}\n\n`;
