// The compromised server's tools, for tests that play it. Its operator holds the real
// intermediate CA key, so it can issue certificates for keys of its own in the names of real
// users, log them so that other clients accept them, and put them in its own database.
import { createIdentityCsrs, generateIdentityKeys, issueCertificate, verifyCsr, type IssuedCertificate, type Role } from '@seccam/pki';
import { editDatabase } from './test-database.ts';
import type { TestApi } from './test-api.ts';

/** Whom a forged certificate names. */
export interface Victim {
  readonly username: string;
  readonly identity: { readonly role: Role };
}

/** A certificate for a fresh key in `victim`'s name, issued with the platform's real intermediate CA, and not logged. */
export async function forgedCertificate(api: TestApi, victim: Victim, kind: 'sig' | 'enc'): Promise<IssuedCertificate> {
  const subject =
    victim.identity.role === 'dispatcher'
      ? { username: victim.username, role: 'dispatcher' as const, organisation: 'Acme Fleet', country: 'BE' }
      : { username: victim.username, role: 'driver' as const };
  const csrs = await createIdentityCsrs(subject, await generateIdentityKeys());
  const check = await verifyCsr(kind === 'sig' ? csrs.sigCsrPem : csrs.encCsrPem, { ...subject, kind });
  if (!check.ok) throw new Error(`forged CSR refused: ${check.reason}`);
  return issueCertificate(api.pki.issuer, check.csr, { kind, role: subject.role });
}

/** Appends `pem` to the transparency log, as the server does for a certificate it issued: other clients accept it then. */
export async function logCertificate(api: TestApi, pem: string): Promise<void> {
  const { db } = api.db.database;
  await db.transaction((tx) => api.app.services.transparency.appendIssued(tx as unknown as typeof db, [pem]));
}

/** Makes `forged` the victim's current certificate of its kind in the database (the directory and stream recipients then show it). */
export async function installCertificate(api: TestApi, victim: Victim, kind: 'sig' | 'enc', forged: IssuedCertificate): Promise<void> {
  await editDatabase(
    api.db.database,
    `INSERT INTO certificates (serial_hex, user_id, kind, pem, not_before, not_after)
     SELECT $1, id, $2, $3, $4, $5 FROM users WHERE username = $6`,
    [forged.serialHex, kind, forged.certPem, forged.notBefore, forged.notAfter, victim.username],
  );
}
