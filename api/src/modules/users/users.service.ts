/** Reading accounts: the signed-in user's own view and the dispatcher directory. */
import { and, asc, eq, ilike, or } from 'drizzle-orm';
import { decryptAtRest } from '../../at-rest-cipher.ts';
import type { Db } from '../../db/client.ts';
import { certificates } from '../certificates/certificates.table.ts';
import type { CertificateService } from '../certificates/certificates.service.ts';
import { emailAad } from '../registration/registration.service.ts';
import { users, type UserRow } from './users.table.ts';
import type { Dispatcher, Me } from './users.type.ts';

export class UserService {
  constructor(
    private readonly db: Db,
    private readonly emailKey: Uint8Array,
    private readonly certificates: CertificateService,
  ) {}

  async me(user: UserRow): Promise<Me> {
    const certs = await this.db.select().from(certificates).where(eq(certificates.userId, user.id)).orderBy(asc(certificates.createdAt));
    return {
      id: user.id,
      username: user.username,
      role: user.role,
      email: decryptAtRest(this.emailKey, user.emailCiphertext, emailAad(user.id)),
      emailVerified: user.emailVerifiedAt !== null,
      fullName: user.fullName,
      organisation: user.organisation,
      country: user.country,
      createdAt: user.createdAt,
      certificates: certs.map((c) => ({
        serialHex: c.serialHex,
        kind: c.kind,
        pem: c.pem,
        notBefore: c.notBefore,
        notAfter: c.notAfter,
        revokedAt: c.revokedAt,
      })),
    };
  }

  /** Active dispatchers (verified, with both certificates current), optionally filtered. */
  async dispatchers(search: string | undefined, limit: number): Promise<Dispatcher[]> {
    const pattern = search ? `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
    const rows = await this.db
      .select()
      .from(users)
      .where(
        and(
          eq(users.role, 'dispatcher'),
          pattern ? or(ilike(users.username, pattern), ilike(users.organisation, pattern), ilike(users.fullName, pattern)) : undefined,
        ),
      )
      .orderBy(asc(users.organisation), asc(users.username))
      .limit(limit);
    const out: Dispatcher[] = [];
    for (const u of rows) {
      if (!u.emailVerifiedAt || !u.totpConfirmedAt) continue;
      const { sig, enc } = await this.certificates.currentPair(u.id);
      if (!sig || !enc) continue;
      out.push({
        id: u.id,
        username: u.username,
        fullName: u.fullName ?? '',
        organisation: u.organisation ?? '',
        country: u.country ?? '',
        sigCertificatePem: sig.pem,
        encCertificatePem: enc.pem,
      });
    }
    return out;
  }
}
