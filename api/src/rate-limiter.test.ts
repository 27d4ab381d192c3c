import { describe, expect, it } from 'vitest';
import { RateLimitedError } from './errors.ts';
import { RateLimiter } from './rate-limiter.ts';

describe('RateLimiter', () => {
  it('allows max requests per window and key, then says when to retry', () => {
    const limiter = new RateLimiter({ max: 3, windowMs: 10_000 }, 'attempts');
    const t = 1_000_000;
    for (let i = 0; i < 3; i++) limiter.hit('1.2.3.4', t + i);
    let error: unknown;
    try {
      limiter.hit('1.2.3.4', t + 2_000);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 8 });
    expect(() => {
      limiter.hit('5.6.7.8', t + 2_000);
    }).not.toThrow();
    expect(() => {
      limiter.hit('1.2.3.4', t + 10_000);
    }).not.toThrow();
  });
});
