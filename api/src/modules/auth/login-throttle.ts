/**
 * Exponential backoff on failed logins, per account and per client address.
 *
 * [Note: login backoff]
 * After `freeAttempts` failures a key is locked for `baseSeconds · 2^(failures − freeAttempts)`,
 * capped at `maxSeconds`; one failure is forgiven every `decaySeconds` without a new one, so a
 * count left by an old burst fades instead of growing forever.
 *
 * Who can move which counter (the login flow in auth.service.ts decides):
 * - the account counter moves only on attempts that carry a valid challenge signature by the
 *   account's own key — i.e. the key holder got the authenticator code wrong. A stranger cannot
 *   produce that signature, so a stranger cannot lock anyone out;
 * - the address counter moves on every attempt whose signature fails. A locked address is
 *   refused for such attempts, while an attempt with a valid signature passes it (many drivers
 *   share a carrier's NAT address with whoever floods from it);
 * - a success clears both.
 * Locked requests are refused before the TOTP check, so a locked account is no TOTP oracle.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { loginThrottle } from './auth.table.ts';

export interface ThrottlePolicy {
  readonly freeAttempts: number;
  readonly baseSeconds: number;
  readonly maxSeconds: number;
  /** One failure is forgiven per this many seconds since the last one. */
  readonly decaySeconds: number;
}

export interface ThrottlePolicies {
  readonly account: ThrottlePolicy;
  readonly ip: ThrottlePolicy;
}

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

  /** Counts one failure atomically (after forgiving the decayed ones) and sets the lock that follows. */
  async fail(key: string, policy: ThrottlePolicy, now = Date.now()): Promise<void> {
    const at = new Date(now);
    const elapsedSeconds = sql`GREATEST(0, EXTRACT(EPOCH FROM (${at.toISOString()}::timestamptz - ${loginThrottle.updatedAt})))`;
    const [row] = await this.db
      .insert(loginThrottle)
      .values({ key, failures: 1, updatedAt: at })
      .onConflictDoUpdate({
        target: loginThrottle.key,
        set: {
          failures: sql`GREATEST(0, ${loginThrottle.failures} - FLOOR(${elapsedSeconds} / ${policy.decaySeconds})::integer) + 1`,
          updatedAt: at,
        },
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
