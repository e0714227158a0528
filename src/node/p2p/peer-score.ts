// Misbehaviour accounting. Each offence adds penalty points that decay exponentially (an honest peer that once
// relayed a stale message recovers); a peer whose points reach the ban threshold is disconnected and banned.
export interface ScoreOptions {
  /** Points at which a peer is banned. */
  readonly banThreshold: number;
  /** How long a ban lasts. */
  readonly banMs: number;
  /** Time for a peer's penalty points to halve. */
  readonly halfLifeMs: number;
  /** Bans held at most, of peer ids and of addresses each; a new ban beyond pushes out the oldest. */
  readonly maxBans: number;
}

export const DEFAULT_SCORING: ScoreOptions = {
  banThreshold: 100,
  banMs: 60 * 60_000,
  halfLifeMs: 10 * 60_000,
  maxBans: 10_000,
};

/** Points per offence the network detects itself; the node picks its own for chain-level faults. */
export const PENALTY = {
  /** Gossip the node's handler judged 'reject', or over the topic's size limit. */
  invalidGossip: 25,
  /** A gossip message beyond the peer's rate on its topic (ignored unread): 20 in a row ban it. */
  gossipOverRate: 5,
  /** A frame whose length prefix exceeds the protocol limit. */
  oversizeFrame: 50,
  /** A request or response that does not decode, or has the wrong number of frames. */
  malformed: 25,
  /** A chunk that fails the caller's Merkle check. */
  invalidChunk: 50,
  /** A request refused for its peer's rate or concurrency limit: an honest peer that trips it now and then
   * recovers (points decay), a flood is banned after 20 refusals. */
  overLimit: 5,
} as const;

interface Points {
  value: number;
  at: number;
}

export class PeerScores {
  private readonly points = new Map<string, Points>();

  constructor(
    private readonly options: ScoreOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds penalty points; true when the peer has reached the ban threshold. */
  penalise(peer: string, points: number): boolean {
    const value = this.current(peer) + points;
    this.points.set(peer, { value, at: this.now() });
    return value >= this.options.banThreshold;
  }

  /** The peer's score: 0 for a clean record, negative by its decayed penalty points. */
  score(peer: string): number {
    const points = this.current(peer);
    return points === 0 ? 0 : -points;
  }

  forget(peer: string): void {
    this.points.delete(peer);
  }

  private current(peer: string): number {
    const p = this.points.get(peer);
    if (p === undefined) return 0;
    return p.value * 2 ** (-(this.now() - p.at) / this.options.halfLifeMs);
  }
}
