/**
 * The platform CA as the API uses it: issue user certificates from verified CSRs, look up a
 * user's current certificates, revoke them and publish the CRL.
 *
 * The CA logic itself (CSR checks, issuance, CRL encoding) lives in `@seccam/pki`; this service
 * only adds persistence. Every certificate stored and every revocation is appended to the
 * transparency log in the same transaction ([Note: one log, many instances]).
 */
import { and, desc, eq, gt, isNotNull, isNull } from 'drizzle-orm';
import { createCrl, issueCertificate, type CertificateAuthority, type IssuedCertificate, type ParsedCsr } from '@seccam/pki';
import type { Db } from '../../db/client.ts';
import type { TransparencyService } from '../transparency/transparency.service.ts';
import type { Role } from '../users/users.table.ts';
import { certificates, type CertificateKind, type CertificateRow } from './certificates.table.ts';

/** What clients need to verify any platform certificate against their pinned root. */
export interface PlatformTrust {
  readonly rootPem: string;
  readonly intermediatePems: readonly string[];
}

export class CertificateService {
  private crlCache: { pem: string; at: number } | undefined;

  constructor(
    private readonly db: Db,
    private readonly issuer: CertificateAuthority,
    readonly trust: PlatformTrust,
    private readonly log: TransparencyService,
  ) {}

  /** Signs a certificate for an already verified CSR (no database write). */
  issue(csr: ParsedCsr, kind: CertificateKind, role: Role): Promise<IssuedCertificate> {
    return issueCertificate(this.issuer, csr, { kind, role });
  }

  /** Stores issued certificates for `userId` and logs them, in this order (inside the caller's transaction). */
  async store(tx: Db, userId: string, issued: readonly { kind: CertificateKind; cert: IssuedCertificate }[]): Promise<void> {
    await tx.insert(certificates).values(
      issued.map(({ kind, cert }) => ({
        serialHex: cert.serialHex,
        userId,
        kind,
        pem: cert.certPem,
        notBefore: cert.notBefore,
        notAfter: cert.notAfter,
      })),
    );
    await this.log.appendIssued(
      tx,
      issued.map(({ cert }) => cert.certPem),
    );
  }

  /** The user's newest unrevoked, unexpired certificate of `kind`, if any. */
  async current(userId: string, kind: CertificateKind, now = new Date()): Promise<CertificateRow | undefined> {
    const [row] = await this.db
      .select()
      .from(certificates)
      .where(
        and(eq(certificates.userId, userId), eq(certificates.kind, kind), isNull(certificates.revokedAt), gt(certificates.notAfter, now)),
      )
      .orderBy(desc(certificates.notBefore))
      .limit(1);
    return row;
  }

  async currentPair(userId: string): Promise<{ sig: CertificateRow | undefined; enc: CertificateRow | undefined }> {
    const [sig, enc] = await Promise.all([this.current(userId, 'sig'), this.current(userId, 'enc')]);
    return { sig, enc };
  }

  /** Revokes one certificate and logs the revocation; returns false when it was unknown or already revoked. */
  async revoke(serialHex: string, reason: string): Promise<boolean> {
    const revoked = await this.db.transaction(async (tx) => {
      const [row] = await tx
        .update(certificates)
        .set({ revokedAt: new Date(), revocationReason: reason.slice(0, 200) })
        .where(and(eq(certificates.serialHex, serialHex), isNull(certificates.revokedAt)))
        .returning({ pem: certificates.pem, revokedAt: certificates.revokedAt });
      if (!row?.revokedAt) return false;
      await this.log.appendRevoked(tx, row.pem, row.revokedAt);
      return true;
    });
    this.crlCache = undefined;
    return revoked;
  }

  /** The current CRL (PEM), re-signed at most once a minute or whenever a revocation happened. */
  async crlPem(now = Date.now()): Promise<string> {
    if (this.crlCache && now - this.crlCache.at < 60_000) return this.crlCache.pem;
    const revoked = await this.db
      .select({ serialHex: certificates.serialHex, revokedAt: certificates.revokedAt })
      .from(certificates)
      .where(isNotNull(certificates.revokedAt));
    const pem = await createCrl(
      this.issuer,
      revoked.flatMap((r) => (r.revokedAt ? [{ serialHex: r.serialHex, revokedAt: r.revokedAt }] : [])),
    );
    this.crlCache = { pem, at: now };
    return pem;
  }
}
