/**
 * Registrations that are never finished expire.
 *
 * [Note: registration expiry]
 * An account is usable only once its e-mail address is verified and its authenticator confirmed.
 * One that is still missing either `pendingTtlMs` (24 h) after it was created has expired: it
 * cannot be resumed (confirmTotp and the verification link answer BAD_USER_INPUT with reason
 * `registration-expired`), and it is deleted — certificates, tokens and all, by cascade — which
 * frees its username and e-mail address. Deletion happens on a sweep every `sweepIntervalMs`
 * and, for the username and address asked for, at once when someone registers, so a new
 * registration never waits for the sweep. Its certificates were never usable (no session can
 * be opened for the account), and they stay in the transparency log.
 */
import { and, eq, isNull, lte, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { BadInputError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import type { RateLimit } from '../../rate-limiter.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { users, type UserRow } from '../users/users.table.ts';

export interface RegistrationLimits {
  /** How long a registration may stay unfinished (e-mail not verified or TOTP not confirmed). */
  readonly pendingTtlMs: number;
  /** How often expired registrations are deleted. */
  readonly sweepIntervalMs: number;
  /** resendVerificationEmail, counted per client address and per e-mail address. */
  readonly resend: RateLimit;
}

/** The refusal for resuming an expired registration (one wording everywhere). */
export function registrationExpiredError(field: string): BadInputError {
  return new BadInputError(
    'This registration expired: it was not finished within 24 hours. Register again (the username and address are free).',
    field,
    'registration-expired',
  );
}

/** True when the account is not finished and older than `ttlMs`. */
export function isExpiredRegistration(
  user: Pick<UserRow, 'createdAt' | 'emailVerifiedAt' | 'totpConfirmedAt'>,
  ttlMs: number,
  now: number,
): boolean {
  const pending = user.emailVerifiedAt === null || user.totpConfirmedAt === null;
  return pending && user.createdAt.getTime() <= now - ttlMs;
}

export class RegistrationExpiry {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    readonly limits: RegistrationLimits,
    private readonly audit: AuditService,
    private readonly logger: Pick<Logger, 'warn'>,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.sweep().catch((e: unknown) => {
        this.logger.warn('registration sweep failed; next interval retries', { error: e instanceof Error ? e.message : String(e) });
      });
    }, this.limits.sweepIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /**
   * Deletes expired registrations — all of them, or only those holding `only`'s username or
   * address — and returns the usernames deleted.
   */
  async sweep(now = Date.now(), only?: { readonly username: string; readonly emailHash: Uint8Array }): Promise<string[]> {
    const expired = and(
      or(isNull(users.emailVerifiedAt), isNull(users.totpConfirmedAt)),
      lte(users.createdAt, new Date(now - this.limits.pendingTtlMs)),
      only ? or(eq(users.username, only.username), eq(users.emailHash, only.emailHash)) : undefined,
    );
    const gone = await this.db.delete(users).where(expired).returning({ username: users.username });
    for (const { username } of gone) {
      await this.audit.record({ actor: 'system', action: 'registration.expired', subject: username, detail: 'unfinished after the limit' });
    }
    return gone.map((g) => g.username);
  }

  /** Throws {@link registrationExpiredError} when `user` is an expired registration. */
  ensureNotExpired(user: Pick<UserRow, 'createdAt' | 'emailVerifiedAt' | 'totpConfirmedAt'>, field: string, now = Date.now()): void {
    if (isExpiredRegistration(user, this.limits.pendingTtlMs, now)) throw registrationExpiredError(field);
  }

  /** As {@link ensureNotExpired}, for the account named `username` (nothing when there is none). */
  async ensureResumable(username: string, now = Date.now()): Promise<void> {
    const [user] = await this.db.select().from(users).where(eq(users.username, username)).limit(1);
    if (user) this.ensureNotExpired(user, 'username', now);
  }
}
