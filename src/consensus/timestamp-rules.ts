// Timestamp rules. A timestamp in the future would lower the threshold unfairly, so the bound ahead of the
// node's clock is seconds, not Bitcoin's two hours; the clock reading itself is passed in by the node.
// Along a chain timestamps strictly increase (checkHeaderLinks: > parent) and exceed the median of the last 11.
export const MEDIAN_TIME_SPAN = 11;
/** A block may be at most this many seconds ahead of the node's clock. */
export const MAX_FUTURE_SECONDS = 2;
/** Beyond now + this, a block is refused outright (neither stored nor held); in between it is held. */
export const FAR_FUTURE_SECONDS = 2 * MAX_FUTURE_SECONDS;

/**
 * Median of the timestamps of up to the last 11 blocks (oldest first): the middle value once sorted, and for an
 * even count (fewer than 11 blocks after genesis) the upper of the two middle values, sorted[floor(n / 2)].
 */
export function medianTimePast(recentTimestamps: readonly number[]): number {
  const last = recentTimestamps.slice(-MEDIAN_TIME_SPAN).sort((a, b) => a - b);
  if (last.length === 0) throw new RangeError('median time past of no blocks');
  return last[Math.floor(last.length / 2)];
}

export type TimestampVerdict = 'ok' | 'not-after-median' | 'from-the-future' | 'far-future';

/**
 * 'from-the-future' (now + 2 < t ≤ now + 4) is not final: the node holds such a block until its time comes, then
 * checks it again. 'far-future' (t > now + 4) is refused for now without being held or marked invalid: it is
 * relative to the node's clock, not a property of the block. `recentTimestamps` are the parent's and its
 * ancestors', oldest first.
 */
export function checkTimestamp(timestamp: number, recentTimestamps: readonly number[], now: number): TimestampVerdict {
  if (timestamp <= medianTimePast(recentTimestamps)) return 'not-after-median';
  if (timestamp > now + FAR_FUTURE_SECONDS) return 'far-future';
  if (timestamp > now + MAX_FUTURE_SECONDS) return 'from-the-future';
  return 'ok';
}

/**
 * The clock a block is checked against: one up to FAR_FUTURE_SECONDS ahead is held until its time rather than
 * refused, so its other rules are checked as at that time.
 */
export function checkingTime(timestamp: number, now: number): number {
  return timestamp <= now + FAR_FUTURE_SECONDS ? Math.max(now, timestamp - MAX_FUTURE_SECONDS) : now;
}
