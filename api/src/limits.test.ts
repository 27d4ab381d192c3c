import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, resolveLimits } from './limits.ts';

describe('resolveLimits', () => {
  it('gives the defaults, frozen all the way down', () => {
    const limits = resolveLimits();
    expect(limits).toEqual(DEFAULT_LIMITS);
    expect(Object.isFrozen(limits)).toBe(true);
    expect(Object.isFrozen(limits.ingest)).toBe(true);
    expect(Object.isFrozen(limits.rate.register)).toBe(true);
  });

  it('merges each section over its defaults and leaves the caller’s objects alone', () => {
    const watch = { batchFrames: 8 };
    const limits = resolveLimits({ watch, inFlightBytes: 1024, rate: { register: { max: 1, windowMs: 1000 } } });
    expect(limits.watch).toEqual({ ...DEFAULT_LIMITS.watch, batchFrames: 8 });
    expect(limits.inFlightBytes).toBe(1024);
    expect(limits.rate).toEqual({ loginChallenge: DEFAULT_LIMITS.rate.loginChallenge, register: { max: 1, windowMs: 1000 } });
    expect(limits.ingest).toEqual(DEFAULT_LIMITS.ingest);
    expect(Object.isFrozen(watch)).toBe(false);
  });

  it('refuses bad values, naming every one at once', () => {
    let error: unknown;
    try {
      resolveLimits({
        ingest: { maxFrameBytes: 64 * 1024 * 1024, maxQueuedFrames: 0 },
        keepAliveMs: 1.5,
        hub: { ringBytes: 2048, totalBytes: 1024 },
        loginThrottle: { ip: { freeAttempts: 0, baseSeconds: 600, maxSeconds: 60, decaySeconds: 60 } },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RangeError);
    const message = (error as RangeError).message;
    for (const part of ['ingest.maxFrameBytes', 'ingest.maxQueuedFrames', 'keepAliveMs', 'hub.ringBytes', 'loginThrottle.ip.baseSeconds']) {
      expect(message).toContain(part);
    }
    expect(message).not.toContain('freeAttempts');
  });
});
