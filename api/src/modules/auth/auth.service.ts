/**
 * Login = key possession + TOTP + verified e-mail (docs/ARCHITECTURE.md, "Identity").
 *
 * 1. `challenge(username)` stores a random nonce for 2 minutes and returns it, for any username.
 * 2. The client signs `seccam-login/v1|origin|username|challengeId|nonce` with its `sig` key.
 * 3. `login` refuses a malformed signature as malformed, consumes the challenge, checks the
 *    signature against the user's current `sig` certificate, then — for the key holder only —
 *    the account lock, the TOTP code (one use per step) and the verified e-mail, and opens a
 *    session ([Note: login backoff] says which failures count where).
 *
 * [Note: no user enumeration]
 * Unknown usernames get a challenge row like everyone else, and a failed login for them runs the
 * same signature and TOTP work against throwaway material, so neither the answers nor their
 * timing tell whether an account exists. Every credential failure is one error.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import { decodeLoginSignature, loginChallengeMessage, verifyLoginSignature } from '@seccam/pki';
import { decryptAtRest } from '../../at-rest-cipher.ts';
import type { Db } from '../../db/client.ts';
import { BadInputError, ForbiddenError, RateLimitedError, UnauthenticatedError } from '../../errors.ts';
import type { RateLimiter } from '../../rate-limiter.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CertificateService } from '../certificates/certificates.service.ts';
import { totpAad } from '../registration/registration.service.ts';
import type { SessionService } from '../sessions/sessions.service.ts';
import { users, type UserRow } from '../users/users.table.ts';
import { loginChallenges } from './auth.table.ts';
import { accountKey, ipKey, type LoginThrottle, type ThrottlePolicies } from './login-throttle.ts';
import { checkTotp, consumeTotpStep, newTotpSecret } from './totp.ts';

export const CHALLENGE_TTL_MS = 2 * 60 * 1000;
const NO_USER_ID = '00000000-0000-0000-0000-000000000000';

export interface LoginAttempt {
  readonly username: string;
  readonly challengeId: string;
  readonly signatureB64: string;
  readonly totp: string;
}

export interface ClientMeta {
  readonly ip: string;
  readonly userAgent: string | undefined;
}

const CREDENTIALS_FAILED = 'Login failed: check your username, bundle and authenticator code.';

/** A malformed signature is a malformed request: refused before any counter moves. */
function parseSignature(signatureB64: string): void {
  try {
    decodeLoginSignature(signatureB64);
  } catch (e) {
    throw new BadInputError(e instanceof Error ? e.message : 'signature is malformed');
  }
}

export class AuthService {
  /** A real certificate to verify against when the user is unknown (equal work, no oracle). */
  private readonly decoyCertPem: string;
  private readonly decoyTotpSecret = newTotpSecret();

  constructor(
    private readonly db: Db,
    private readonly totpKey: Uint8Array,
    private readonly origin: string,
    private readonly certificates: CertificateService,
    private readonly sessions: SessionService,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
    private readonly policies: ThrottlePolicies,
    private readonly challengeLimiter: RateLimiter,
  ) {
    this.decoyCertPem = certificates.trust.intermediatePems[0] ?? certificates.trust.rootPem;
  }

  async challenge(username: string, ip: string, now = Date.now()): Promise<{ challengeId: string; nonceB64: string; expiresAt: Date }> {
    this.challengeLimiter.hit(ip, now);
    await this.db.delete(loginChallenges).where(lt(loginChallenges.expiresAt, new Date(now - CHALLENGE_TTL_MS)));
    const nonce = new Uint8Array(randomBytes(32));
    const expiresAt = new Date(now + CHALLENGE_TTL_MS);
    const [row] = await this.db.insert(loginChallenges).values({ username, nonce, expiresAt }).returning({ id: loginChallenges.id });
    if (!row) throw new Error('challenge insert returned nothing');
    return { challengeId: row.id, nonceB64: Buffer.from(nonce).toString('base64url'), expiresAt };
  }

  /**
   * Returns the session cookie token on success. The order of checks is the lockout policy
   * ([Note: login backoff] in login-throttle.ts): malformed → no count; bad challenge or
   * signature → the address counts (and a locked address is refused); valid signature → the
   * account lock applies, then the TOTP code, whose failures count against the account.
   */
  async login(attempt: LoginAttempt, meta: ClientMeta, now = Date.now()): Promise<{ token: string; user: UserRow }> {
    parseSignature(attempt.signatureB64);
    const keyHolder = await this.checkKeyPossession(attempt, meta, now);
    const { user } = keyHolder;
    await this.refuseIfLocked(accountKey(user.username), attempt.username, meta.ip, now);
    const fail = async (reason: string, error: Error = new UnauthenticatedError(CREDENTIALS_FAILED)): Promise<never> => {
      await this.throttle.fail(accountKey(attempt.username), this.policies.account, now);
      await this.audit.record({ actor: attempt.username, action: 'login.failed', detail: reason, ip: meta.ip });
      throw error;
    };
    const step = await checkTotp(keyHolder.totpSecret, attempt.totp, user.totpLastStep);
    if (step === null) return fail('totp');
    if (!user.totpConfirmedAt) {
      return fail('totp-unconfirmed', new ForbiddenError('Confirm your authenticator first (confirmTotp).'));
    }
    if (!user.emailVerifiedAt) {
      return fail('email-unverified', new ForbiddenError('Verify your e-mail address first: open the link we mailed you.'));
    }
    if (!(await consumeTotpStep(this.db, user.id, step))) return fail('totp-replayed');

    await this.throttle.clear(accountKey(attempt.username));
    await this.throttle.clear(ipKey(meta.ip));
    const token = await this.sessions.create(user.id, meta);
    await this.audit.record({ actor: user.username, action: 'login', ip: meta.ip });
    return { token, user };
  }

  /**
   * Consumes the challenge and checks its signature against the user's current `sig`
   * certificate. Unknown users run the same work against a decoy, and every failure here is
   * one answer, counted against the client address only ([Note: no user enumeration]).
   */
  private async checkKeyPossession(attempt: LoginAttempt, meta: ClientMeta, now: number): Promise<{ user: UserRow; totpSecret: string }> {
    const nonce = await this.consumeChallenge(attempt, now);
    const [user] = nonce ? await this.db.select().from(users).where(eq(users.username, attempt.username)).limit(1) : [];
    // Unknown users run the same lookup (on an id no row has), keeping the timing alike.
    const sigCert = nonce ? await this.certificates.current(user?.id ?? NO_USER_ID, 'sig', new Date(now)) : undefined;
    const signatureOk =
      nonce !== null &&
      (await verifyLoginSignature(
        sigCert?.pem ?? this.decoyCertPem,
        loginChallengeMessage({
          origin: this.origin,
          username: attempt.username,
          challengeId: attempt.challengeId,
          nonce: Buffer.from(nonce).toString('base64url'),
        }),
        attempt.signatureB64,
      ));
    const totpSecret = user ? decryptAtRest(this.totpKey, user.totpSecretCiphertext, totpAad(user.id)) : this.decoyTotpSecret;
    if (user && sigCert && signatureOk) return { user, totpSecret };

    await this.refuseIfLocked(ipKey(meta.ip), attempt.username, meta.ip, now);
    await checkTotp(totpSecret, attempt.totp, user?.totpLastStep ?? null); // equal work either way
    await this.throttle.fail(ipKey(meta.ip), this.policies.ip, now);
    const reason = !nonce ? 'challenge' : !user ? 'unknown-user' : 'signature';
    await this.audit.record({ actor: attempt.username, action: 'login.failed', detail: reason, ip: meta.ip });
    throw nonce
      ? new UnauthenticatedError(CREDENTIALS_FAILED)
      : new UnauthenticatedError('This login challenge is unknown, used or expired: request a new one.');
  }

  /** Ends one session (its sockets close on every instance) and records who, from where. */
  async logout(session: { sessionId: string; user: UserRow }, ip: string): Promise<void> {
    await this.sessions.revoke(session.sessionId);
    await this.audit.record({ actor: session.user.username, action: 'logout', subject: session.sessionId, ip });
  }

  /** Ends every session of `user`; returns how many were open. */
  async logoutEverywhere(user: UserRow, ip: string): Promise<number> {
    const n = await this.sessions.revokeAllForUser(user.id);
    await this.audit.record({ actor: user.username, action: 'logout.everywhere', detail: `${n} sessions`, ip });
    return n;
  }

  /** Confirms the authenticator with its first code; the account needs this before any login. */
  async confirmTotp(username: string, code: string, ip: string, now = Date.now()): Promise<void> {
    await this.refuseIfLocked(accountKey(username), username, ip, now);
    await this.refuseIfLocked(ipKey(ip), username, ip, now);
    const [user] = await this.db.select().from(users).where(eq(users.username, username)).limit(1);
    const secret = user ? decryptAtRest(this.totpKey, user.totpSecretCiphertext, totpAad(user.id)) : this.decoyTotpSecret;
    const step = await checkTotp(secret, code, user?.totpLastStep ?? null);
    if (!user || step === null || user.totpConfirmedAt || !(await consumeTotpStep(this.db, user.id, step))) {
      await this.throttle.fail(accountKey(username), this.policies.account, now);
      await this.throttle.fail(ipKey(ip), this.policies.ip, now);
      await this.audit.record({ actor: username, action: 'totp.confirm-failed', ip });
      throw new UnauthenticatedError('That code was not accepted: wait for the next code and try again.');
    }
    await this.db
      .update(users)
      .set({ totpConfirmedAt: new Date(now) })
      .where(eq(users.id, user.id));
    await this.audit.record({ actor: username, action: 'totp.confirmed', ip });
  }

  private async refuseIfLocked(key: string, username: string, ip: string, now: number): Promise<void> {
    const wait = await this.throttle.retryAfter(key, now);
    if (wait > 0) {
      await this.audit.record({ actor: username, action: 'login.locked', detail: key.split(':')[0] ?? '', ip });
      throw new RateLimitedError(`Too many failed attempts: try again in ${wait} s.`, wait);
    }
  }

  /** Marks the challenge used (atomically) and returns its nonce, or null. */
  private async consumeChallenge(attempt: LoginAttempt, now: number): Promise<Uint8Array | null> {
    if (!/^[0-9a-f-]{36}$/.test(attempt.challengeId)) return null;
    const [row] = await this.db
      .update(loginChallenges)
      .set({ usedAt: new Date(now) })
      .where(
        and(
          eq(loginChallenges.id, attempt.challengeId),
          eq(loginChallenges.username, attempt.username),
          isNull(loginChallenges.usedAt),
          gt(loginChallenges.expiresAt, new Date(now)),
        ),
      )
      .returning({ nonce: loginChallenges.nonce });
    return row?.nonce ?? null;
  }
}
