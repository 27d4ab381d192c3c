import { describe, expect, it } from 'vitest';
import { backoffDelay, backoffPolicy } from './backoff.ts';

describe('backoff', () => {
  it('grows exponentially up to the cap', () => {
    const policy = backoffPolicy({ initialMs: 100, maxMs: 1000, factor: 2, jitter: 0 });
    expect([0, 1, 2, 3, 4, 10].map((attempt) => backoffDelay(policy, attempt))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('randomises the jitter fraction of the delay', () => {
    const policy = backoffPolicy({ initialMs: 1000, maxMs: 1000, jitter: 0.5 });
    expect(backoffDelay(policy, 0, () => 0)).toBe(500);
    expect(backoffDelay(policy, 0, () => 0.999)).toBe(1000);
  });

  it.each([{ initialMs: -1 }, { initialMs: 10, maxMs: 5 }, { factor: 0.5 }, { jitter: 2 }])('refuses %j', (bad) => {
    expect(() => backoffPolicy(bad)).toThrow(RangeError);
  });
});
