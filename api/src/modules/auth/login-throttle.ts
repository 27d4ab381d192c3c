/**
 * Exponential backoff on failed logins, per account and per client IP.
 *
 * [Note: login backoff]
 * After `freeAttempts` failures a key is locked for `baseSeconds · 2^(failures − freeAttempts)`,
 * capped at `maxSeconds`. A success clears the account key (not the IP key: one success must not
 * reset an IP that is guessing many accounts). Locked requests are refused *before* any
 * signature or TOTP check, so a locked account cannot be used as a TOTP oracle.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { loginThrottle } from './auth.table.ts';

export interface ThrottlePolicy {
  readonly freeAttempts: number;
  readonly baseSeconds: number;
  readonly maxSeconds: number;
}

export interface ThrottlePolicies {
  readonly account: ThrottlePolicy;
  readonly ip: ThrottlePolicy;
}

export const DEFAULT_THROTTLE_POLICIES: ThrottlePolicies = {
  account: { freeAttempts: 5, baseSeconds: 30, maxSeconds: 3600 },
  ip: { freeAttempts: 20, baseSeconds: 30, maxSeconds: 3600 },
};

export const accountKey = (username: string): string => `account:${username}`;
export const ipKey = (ip: string): string => `ip:${ip}`;

export function lockSeconds(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.freeAttempts) return 0;
  return Math.min(policy.maxSeconds, policy.baseSeconds * 2 ** (failures - policy.freeAttempts));
}

export class LoginThrottle {
  constructor(private readonly db: Db) {}

  /** Seconds until `key` may try again (0 when it may try now). */
  async retryAfter(key: string, now = Date.now()): Promise<number> {
    const [row] = await this.db.select().from(loginThrottle).where(eq(loginThrottle.key, key)).limit(1);
    const until = row?.lockedUntil?.getTime() ?? 0;
    return until > now ? Math.ceil((until - now) / 1000) : 0;
  }

  /** Counts one failure atomically and sets the lock that follows from the new count. */
  async fail(key: string, policy: ThrottlePolicy, now = Date.now()): Promise<void> {
    const [row] = await this.db
      .insert(loginThrottle)
      .values({ key, failures: 1, updatedAt: new Date(now) })
      .onConflictDoUpdate({
        target: loginThrottle.key,
        set: { failures: sql`${loginThrottle.failures} + 1`, updatedAt: new Date(now) },
      })
      .returning({ failures: loginThrottle.failures });
    const seconds = lockSeconds(row?.failures ?? 1, policy);
    if (seconds > 0) {
      await this.db
        .update(loginThrottle)
        .set({ lockedUntil: new Date(now + seconds * 1000) })
        .where(eq(loginThrottle.key, key));
    }
  }

  async clear(key: string): Promise<void> {
    await this.db.delete(loginThrottle).where(eq(loginThrottle.key, key));
  }
}
