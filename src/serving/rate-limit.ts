/**
 * Optional per-client rate limiting: a token bucket per client key (the peer address), refilled at
 * `rps` tokens a second up to `burst`. The table of clients is bounded: when it is full, buckets
 * that are full again (idle clients) are dropped first, then the oldest.
 */
import { FlywheelError } from '../core/index.js';

/** Rate-limit settings. */
export interface RateLimitOptions {
  rps: number;
  burst: number;
  /** Clients tracked at once (default 10,000). */
  maxClients?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Token buckets per client. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly options: RateLimitOptions) {}

  /** Take one token for `key`; returns 0 when allowed, else the seconds until a token is free. */
  take(key: string, now: number = performance.now()): number {
    const { rps, burst } = this.options;
    let b = this.buckets.get(key);
    if (!b) {
      this.makeRoom(now);
      b = { tokens: burst, at: now };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(burst, b.tokens + (Math.max(0, now - b.at) / 1000) * rps);
    b.at = Math.max(b.at, now);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return (1 - b.tokens) / rps;
  }

  /** Throw OVERLOADED (answered 429 with Retry-After) when `key` is over its rate. */
  admit(key: string): void {
    const wait = this.take(key);
    if (wait === 0) return;
    throw new FlywheelError(
      'OVERLOADED',
      `client ${key} is over its rate limit of ${this.options.rps} requests a second`,
      {
        hint: 'Retry after the time in the Retry-After header, or send fewer, larger requests.',
        details: { rateLimited: true, retryAfterSeconds: Math.max(1, Math.ceil(wait)) },
      },
    );
  }

  private makeRoom(now: number): void {
    const max = this.options.maxClients ?? 10_000;
    if (this.buckets.size < max) return;
    const { rps, burst } = this.options;
    for (const [k, b] of this.buckets)
      if (b.tokens + ((now - b.at) / 1000) * rps >= burst) this.buckets.delete(k);
    // Maps iterate in insertion order: the first keys are the oldest.
    for (const k of this.buckets.keys()) {
      if (this.buckets.size < max) break;
      this.buckets.delete(k);
    }
  }
}
