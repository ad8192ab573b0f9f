/*
 * A token bucket per sender (a WhatsApp number, a Telegram chat): a person may send `burst`
 * messages at once, then one per `refillMs`. A child typing a story in quick short lines stays
 * well under it; a script or a stuck phone flooding the hotline does not reach the API (and does
 * not hold up anyone else: the check is per sender and costs nothing). Pure: the time comes in,
 * so the tables test it without waiting.
 */

export interface RateLimit {
  burst: number;
  refillMs: number;
}

export interface RateLimiter {
  /** Takes one message's token; false when the sender is over the limit. */
  take(sender: string, nowMs: number): boolean;
  /** Senders currently tracked. */
  size(): number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export function createRateLimiter(limit: RateLimit & { maxSenders: number }): RateLimiter {
  const buckets = new Map<string, Bucket>();
  return {
    take(sender, nowMs) {
      const previous = buckets.get(sender);
      const refilled = previous === undefined ? limit.burst : Math.min(limit.burst, previous.tokens + (nowMs - previous.at) / limit.refillMs);
      const allowed = refilled >= 1;
      // Re-inserted, so the map's order is least recently seen first and the ceiling drops idle senders.
      buckets.delete(sender);
      buckets.set(sender, { tokens: allowed ? refilled - 1 : refilled, at: nowMs });
      while (buckets.size > limit.maxSenders) {
        const oldest = buckets.keys().next().value;
        if (oldest === undefined) break;
        buckets.delete(oldest);
      }
      return allowed;
    },
    size: () => buckets.size,
  };
}
