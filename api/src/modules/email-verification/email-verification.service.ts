/**
 * E-mail verification: a 256-bit random token mailed as a link, stored only as a keyed hash,
 * valid 24 h and usable once.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { isExpiredRegistration, registrationExpiredError } from '../registration/registration-expiry.ts';
import { keyedHash } from '../../at-rest-cipher.ts';
import type { Db } from '../../db/client.ts';
import { BadInputError } from '../../errors.ts';
import { users } from '../users/users.table.ts';
import { emailTokens } from './email-tokens.table.ts';
import type { Mailer } from './mailer.ts';

export const EMAIL_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

export class EmailVerificationService {
  constructor(
    private readonly db: Db,
    private readonly mailer: Mailer,
    private readonly tokenPepper: Uint8Array,
    private readonly publicOrigin: string,
    /** [Note: registration expiry]: a link of an expired registration is refused. */
    private readonly pendingTtlMs: number,
  ) {}

  /** Creates a token row for `userId` (inside the caller's transaction) and returns the token. */
  async createToken(tx: Db, userId: string, now = Date.now()): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await tx.insert(emailTokens).values({
      tokenHash: keyedHash(this.tokenPepper, token),
      userId,
      expiresAt: new Date(now + EMAIL_TOKEN_TTL_MS),
    });
    return token;
  }

  /** Replaces every unused token of `userId` by a new one (a resent link; older links stop working). */
  async replaceToken(userId: string, now = Date.now()): Promise<string> {
    return this.db.transaction(async (tx) => {
      await tx
        .update(emailTokens)
        .set({ usedAt: new Date(now) })
        .where(and(eq(emailTokens.userId, userId), isNull(emailTokens.usedAt)));
      return this.createToken(tx, userId, now);
    });
  }

  link(token: string): string {
    return `${this.publicOrigin}/verify-email?token=${encodeURIComponent(token)}`;
  }

  async sendVerificationMail(to: string, username: string, token: string): Promise<void> {
    await this.mailer.send({
      to,
      subject: 'Verify your SecCam e-mail address',
      text: [
        `Hello ${username},`,
        '',
        'Open this link within 24 hours to verify your e-mail address:',
        this.link(token),
        '',
        'If you did not create a SecCam account, ignore this message.',
      ].join('\n'),
    });
  }

  /** Consumes `token`; returns the verified username. Throws BAD_USER_INPUT for any bad token. */
  async verify(token: string, now = Date.now()): Promise<string> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw new BadInputError('This verification link is not valid.', 'token', 'malformed');
    const hash = keyedHash(this.tokenPepper, token);
    return this.db.transaction(async (tx) => {
      const [owner] = await tx
        .select({ createdAt: users.createdAt, emailVerifiedAt: users.emailVerifiedAt, totpConfirmedAt: users.totpConfirmedAt })
        .from(emailTokens)
        .innerJoin(users, eq(users.id, emailTokens.userId))
        .where(and(eq(emailTokens.tokenHash, hash), isNull(emailTokens.usedAt), gt(emailTokens.expiresAt, new Date(now))))
        .limit(1);
      if (owner && isExpiredRegistration(owner, this.pendingTtlMs, now)) throw registrationExpiredError('token');
      const [used] = await tx
        .update(emailTokens)
        .set({ usedAt: new Date(now) })
        .where(and(eq(emailTokens.tokenHash, hash), isNull(emailTokens.usedAt), gt(emailTokens.expiresAt, new Date(now))))
        .returning({ userId: emailTokens.userId });
      if (!used) throw new BadInputError('This verification link is invalid, expired or already used.', 'token', 'invalid');
      const [user] = await tx
        .update(users)
        .set({ emailVerifiedAt: new Date(now) })
        .where(eq(users.id, used.userId))
        .returning({ username: users.username });
      if (!user) throw new BadInputError('This verification link is invalid, expired or already used.', 'token', 'invalid');
      return user.username;
    });
  }
}
