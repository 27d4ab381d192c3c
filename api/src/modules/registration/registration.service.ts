/**
 * Registration: verify the two CSRs, issue both certificates, create the account with an
 * encrypted e-mail address and TOTP secret, and mail the verification link.
 *
 * The account stays unusable until the first TOTP code is confirmed (`confirmTotp`) and the
 * e-mail address is verified; `login` checks both.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { isPkiError, verifyCsr, type CsrExpectation, type ParsedCsr } from '@seccam/pki';
import { encryptAtRest, keyedHash } from '../../at-rest-cipher.ts';
import type { Db } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { BadInputError, ConflictError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import type { RateLimiter } from '../../rate-limiter.ts';
import type { ServerSecrets } from '../../secrets.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CertificateService } from '../certificates/certificates.service.ts';
import type { EmailVerificationService } from '../email-verification/email-verification.service.ts';
import { newTotpSecret, totpUri } from '../auth/totp.ts';
import type { RegistrationExpiry } from './registration-expiry.ts';
import { users } from '../users/users.table.ts';
import { isExpiredRegistration } from './registration-expiry.ts';
import type { RegisterInput } from './registration.input.ts';
import type { Registration } from './registration.type.ts';

/** Lower-cases and trims an address so equal mailboxes collide in the uniqueness hash. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export const emailAad = (userId: string): string => `email|${userId}`;
export const totpAad = (userId: string): string => `totp|${userId}`;

export class RegistrationService {
  constructor(
    private readonly db: Db,
    private readonly secrets: Pick<ServerSecrets, 'emailKey' | 'emailHashKey' | 'totpKey'>,
    private readonly certificates: CertificateService,
    private readonly emailVerification: EmailVerificationService,
    private readonly audit: AuditService,
    private readonly logger: Logger,
    private readonly limiter: RateLimiter,
    private readonly expiry: RegistrationExpiry,
    private readonly resendLimiter: RateLimiter,
  ) {}

  async register(input: RegisterInput, ip: string): Promise<Registration> {
    this.limiter.hit(ip);
    checkRoleFields(input);
    const expected: Omit<CsrExpectation, 'kind'> = {
      username: input.username,
      role: input.role,
      ...(input.role === 'dispatcher' ? { organisation: input.organisation, country: input.country } : {}),
    };
    const sigCsr = await this.checkCsr(input.sigCsrPem, { ...expected, kind: 'sig' }, 'sigCsrPem');
    const encCsr = await this.checkCsr(input.encCsrPem, { ...expected, kind: 'enc' }, 'encCsrPem');

    const email = normaliseEmail(input.email);
    const emailHash = keyedHash(this.secrets.emailHashKey, email);
    await this.ensureUnique(input.username, emailHash);

    const [sigCert, encCert] = await Promise.all([
      this.certificates.issue(sigCsr, 'sig', input.role),
      this.certificates.issue(encCsr, 'enc', input.role),
    ]);
    const userId = randomUUID();
    const totpSecret = newTotpSecret();
    let token: string;
    try {
      token = await this.db.transaction(async (tx) => {
        await tx.insert(users).values({
          id: userId,
          username: input.username,
          role: input.role,
          fullName: input.role === 'dispatcher' ? (input.fullName ?? null) : null,
          organisation: input.role === 'dispatcher' ? (input.organisation ?? null) : null,
          country: input.role === 'dispatcher' ? (input.country ?? null) : null,
          emailCiphertext: encryptAtRest(this.secrets.emailKey, email, emailAad(userId)),
          emailHash,
          totpSecretCiphertext: encryptAtRest(this.secrets.totpKey, totpSecret, totpAad(userId)),
        });
        await this.certificates.store(tx, userId, [
          { kind: 'sig', cert: sigCert },
          { kind: 'enc', cert: encCert },
        ]);
        return this.emailVerification.createToken(tx, userId);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictError('That username or e-mail address is already registered.');
      throw e;
    }
    await this.audit.record({ actor: input.username, action: 'register', subject: userId, detail: input.role, ip });
    try {
      await this.emailVerification.sendVerificationMail(email, input.username, token);
    } catch (cause) {
      // The account exists; the user can ask for a new link (resendVerificationEmail).
      this.logger.error('verification mail not sent', { user: input.username, cause });
    }
    return {
      userId,
      username: input.username,
      role: input.role,
      sigCertificatePem: sigCert.certPem,
      encCertificatePem: encCert.certPem,
      intermediatePems: [...this.certificates.trust.intermediatePems],
      rootPem: this.certificates.trust.rootPem,
      totpUri: totpUri(input.username, totpSecret),
    };
  }

  private async checkCsr(pem: string, expected: CsrExpectation, field: string): Promise<ParsedCsr> {
    let check;
    try {
      check = await verifyCsr(pem, expected);
    } catch (e) {
      // The expectation itself (from the input) is unusable, e.g. a character pki refuses.
      if (isPkiError(e, 'INVALID_ARGUMENT')) throw new BadInputError(`The account details were refused: ${e.message}`, field, 'invalid');
      throw e;
    }
    if (!check.ok) {
      throw new BadInputError(`The ${expected.kind} CSR was refused: ${describeCsrRejection(check.reason)}`, field, check.reason);
    }
    return check.csr;
  }

  /**
   * Mails a fresh verification link (older links stop working) when `email` belongs to an
   * unfinished, unexpired registration whose address is not verified yet. The answer is the same
   * for every address, known or not (no account enumeration), and the mail is sent after
   * answering, so the response time does not tell either. Rate limited per client address and
   * per e-mail address.
   */
  async resendVerificationEmail(emailInput: string, ip: string, now = Date.now()): Promise<void> {
    const email = normaliseEmail(emailInput);
    const emailHash = keyedHash(this.secrets.emailHashKey, email);
    this.resendLimiter.hit(`ip:${ip}`, now);
    this.resendLimiter.hit(`email:${Buffer.from(emailHash).toString('hex')}`, now);
    const [user] = await this.db.select().from(users).where(eq(users.emailHash, emailHash)).limit(1);
    if (!user || user.emailVerifiedAt !== null || isExpiredRegistration(user, this.expiry.limits.pendingTtlMs, now)) return;
    const token = await this.emailVerification.replaceToken(user.id, now);
    await this.audit.record({ actor: user.username, action: 'verification.resent', subject: user.id, ip });
    this.emailVerification.sendVerificationMail(email, user.username, token).catch((cause: unknown) => {
      this.logger.error('verification mail not sent', { user: user.username, cause });
    });
  }

  private async ensureUnique(username: string, emailHash: Uint8Array): Promise<void> {
    // An expired registration holding the name or the address gives it up now ([Note: registration expiry]).
    await this.expiry.sweep(Date.now(), { username, emailHash });
    const [byName] = await this.db.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1);
    if (byName) throw new ConflictError('That username is already taken.', 'username');
    const [byEmail] = await this.db.select({ id: users.id }).from(users).where(eq(users.emailHash, emailHash)).limit(1);
    if (byEmail) throw new ConflictError('That e-mail address is already registered.', 'email');
  }
}

function checkRoleFields(input: RegisterInput): void {
  if (input.role === 'dispatcher') {
    for (const field of ['fullName', 'organisation', 'country'] as const) {
      if (!input[field]) throw new BadInputError(`Dispatchers must give ${field}.`, field, 'required');
    }
  } else if (input.fullName ?? input.organisation ?? input.country) {
    throw new BadInputError('Drivers do not give fullName, organisation or country.', 'role', 'unexpected');
  }
}

function describeCsrRejection(reason: string): string {
  switch (reason) {
    case 'bad-signature':
      return 'it is not signed by the key it carries.';
    case 'wrong-key-type':
      return 'the key must be ECDSA P-256 (sig) or RSA 3072 (enc).';
    case 'wrong-subject':
      return 'its subject does not match the account.';
    case 'too-large':
      return 'it is too large.';
    default:
      return 'it could not be parsed.';
  }
}
