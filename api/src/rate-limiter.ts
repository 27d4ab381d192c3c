/**
 * Fixed-window request limits per key (client IP), in memory, per instance.
 *
 * [Note: two layers of rate limiting]
 * nginx limits request rates at the edge (nginx/nginx.conf.template). The embedded default has
 * no nginx, so the API also limits the unauthenticated operations that cost it something —
 * creating login challenges (a row each) and registering (two certificate signatures) — per IP.
 * Failed logins have their own persistent, exponential backoff (login-throttle.ts).
 */
import { RateLimitedError } from './errors.ts';

export interface RateLimit {
  readonly max: number;
  readonly windowMs: number;
}

const MAX_KEYS = 50_000;

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly what: string,
  ) {}

  /** Counts one request for `key`; throws RATE_LIMITED when the window is full. */
  hit(key: string, now = Date.now()): void {
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.limit.windowMs) {
      if (this.windows.size >= MAX_KEYS) this.prune(now);
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count += 1;
    if (w.count > this.limit.max) {
      const wait = Math.ceil((w.start + this.limit.windowMs - now) / 1000);
      throw new RateLimitedError(`Too many ${this.what} from your address: try again in ${wait} s.`, wait);
    }
  }

  private prune(now: number): void {
    for (const [k, w] of this.windows) if (now - w.start >= this.limit.windowMs) this.windows.delete(k);
    // Still full (a flood of distinct keys): start over rather than grow without bound.
    if (this.windows.size >= MAX_KEYS) this.windows.clear();
  }
}

export interface RateLimits {
  readonly loginChallenge: RateLimit;
  readonly register: RateLimit;
}
