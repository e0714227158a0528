// Keeps the node connected to its bootstrap peers: dials each at start and, whenever the dial fails or the peer
// drops, dials again after an exponential backoff. The backoff only resets once the peer has passed the status
// handshake, so a peer that accepts and then drops us (another chain, a ban) is retried ever more slowly.
import type { Libp2p, PeerId } from '@libp2p/interface';
import type { Multiaddr } from '@multiformats/multiaddr';
import type { Logger } from 'pino';

export interface BackoffOptions {
  readonly baseMs: number;
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, maxMs: 60_000 };

interface Entry {
  readonly addr: Multiaddr;
  /** Known once a dial has succeeded (or from the address's /p2p/ part). */
  peer: string | undefined;
  failures: number;
  timer: NodeJS.Timeout | undefined;
}

export class Bootstrap {
  private readonly entries: Entry[];
  private stopped = false;

  constructor(
    private readonly libp2p: Libp2p,
    addrs: readonly Multiaddr[],
    private readonly backoff: BackoffOptions,
    private readonly dialTimeoutMs: number,
    private readonly log: Logger,
  ) {
    this.entries = addrs.map((addr) => ({ addr, peer: addr.getPeerId() ?? undefined, failures: 0, timer: undefined }));
  }

  start(): void {
    this.libp2p.addEventListener('peer:disconnect', this.onDisconnect);
    for (const entry of this.entries) void this.dial(entry);
  }

  stop(): void {
    this.stopped = true;
    this.libp2p.removeEventListener('peer:disconnect', this.onDisconnect);
    for (const entry of this.entries) clearTimeout(entry.timer);
  }

  /** The peer passed the handshake: its next drop is retried promptly again. */
  healthy(peer: string): void {
    for (const entry of this.entries) if (entry.peer === peer) entry.failures = 0;
  }

  private readonly onDisconnect = (evt: CustomEvent<PeerId>): void => {
    const peer = evt.detail.toString();
    for (const entry of this.entries) if (entry.peer === peer) this.schedule(entry);
  };

  private async dial(entry: Entry): Promise<void> {
    entry.timer = undefined;
    if (this.stopped) return;
    try {
      const connection = await this.libp2p.dial(entry.addr, { signal: AbortSignal.timeout(this.dialTimeoutMs) });
      entry.peer = connection.remotePeer.toString();
    } catch (err) {
      this.log.debug({ addr: entry.addr.toString(), err }, 'bootstrap dial failed');
      this.schedule(entry);
    }
  }

  private schedule(entry: Entry): void {
    if (this.stopped || entry.timer !== undefined) return;
    const delay = Math.min(this.backoff.maxMs, this.backoff.baseMs * 2 ** entry.failures);
    entry.failures++;
    entry.timer = setTimeout(() => void this.dial(entry), delay);
  }
}
