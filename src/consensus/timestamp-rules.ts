// Timestamp rules. A timestamp in the future would lower the threshold unfairly, so the bound ahead of the
// node's clock is seconds, not Bitcoin's two hours; the clock reading itself is passed in by the node.
export const MEDIAN_TIME_SPAN = 11;
export const MAX_FUTURE_SECONDS = 15;

/** Median of the timestamps of up to the last 11 blocks (oldest first). */
export function medianTimePast(recentTimestamps: readonly number[]): number {
  const last = recentTimestamps.slice(-MEDIAN_TIME_SPAN).sort((a, b) => a - b);
  if (last.length === 0) throw new RangeError('median time past of no blocks');
  return last[Math.floor(last.length / 2)];
}

export type TimestampVerdict = 'ok' | 'not-after-median' | 'from-the-future';

/**
 * 'from-the-future' is not final: the node holds such a block until its time comes, then checks it again.
 * `recentTimestamps` are the parent's and its ancestors', oldest first.
 */
export function checkTimestamp(timestamp: number, recentTimestamps: readonly number[], now: number): TimestampVerdict {
  if (timestamp <= medianTimePast(recentTimestamps)) return 'not-after-median';
  if (timestamp > now + MAX_FUTURE_SECONDS) return 'from-the-future';
  return 'ok';
}
