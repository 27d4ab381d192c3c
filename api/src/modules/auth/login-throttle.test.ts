import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@seccam/testkit';
import { LoginThrottle, lockSeconds, type ThrottlePolicy } from './login-throttle.ts';

const policy: ThrottlePolicy = { freeAttempts: 3, baseSeconds: 30, maxSeconds: 3600, decaySeconds: 600 };

describe('login backoff', () => {
  let db: TestDatabase;
  let throttle: LoginThrottle;
  beforeAll(async () => {
    db = await createTestDatabase();
    throttle = new LoginThrottle(db.database.db);
  });
  afterAll(() => db.drop());

  it('locks after the free attempts, doubling up to the cap', () => {
    expect([2, 3, 4, 5, 20].map((n) => lockSeconds(n, policy))).toEqual([0, 30, 60, 120, 3600]);
  });

  it('locks at the free-attempt count and lifts the lock when it runs out', async () => {
    const t0 = Date.parse('2026-12-01T10:00:00Z');
    for (let i = 0; i < 3; i++) await throttle.fail('account:locked', policy, t0 + i * 1000);
    expect(await throttle.retryAfter('account:locked', t0 + 2000)).toBe(30);
    expect(await throttle.retryAfter('account:locked', t0 + 2000 + 30_000)).toBe(0);
  });

  it('forgives one failure per decay period, so old bursts fade instead of adding up', async () => {
    const t0 = Date.parse('2026-12-01T11:00:00Z');
    await throttle.fail('ip:decays', policy, t0);
    await throttle.fail('ip:decays', policy, t0 + 1000);
    // Two decay periods later the two old failures are forgiven: this one is the first again.
    await throttle.fail('ip:decays', policy, t0 + 1000 + 2 * 600_000);
    expect(await throttle.retryAfter('ip:decays', t0 + 1000 + 2 * 600_000)).toBe(0);
    // Without the pause, the same three failures lock.
    for (let i = 0; i < 3; i++) await throttle.fail('ip:no-pause', policy, t0 + i * 1000);
    expect(await throttle.retryAfter('ip:no-pause', t0 + 2000)).toBeGreaterThan(0);
  });

  it('starts from zero after a clear', async () => {
    const t0 = Date.parse('2026-12-01T12:00:00Z');
    await throttle.fail('ip:cleared', policy, t0);
    await throttle.fail('ip:cleared', policy, t0 + 1);
    await throttle.clear('ip:cleared');
    await throttle.fail('ip:cleared', policy, t0 + 2);
    await throttle.fail('ip:cleared', policy, t0 + 3);
    expect(await throttle.retryAfter('ip:cleared', t0 + 3)).toBe(0);
  });
});
