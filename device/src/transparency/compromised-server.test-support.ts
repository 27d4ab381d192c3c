// Test support only: the compromised server's tools. Its operator holds the real intermediate
// CA key, so it can issue certificates for keys of its own in the names of real users, and it
// can rewrite the API's answers or its database.
import { createIdentityCsrs, generateIdentityKeys, issueCertificate, verifyCsr, type IssuedCertificate, type ParsedCsr } from '@seccam/pki';
import { editDatabase, type TestApi } from '@seccam/testkit';
import type { TypedQuery } from '../client/print-document.ts';
import { HttpsClient, type HttpsClientOptions } from '../node/https-client.ts';
import type { Party } from '../streaming/streaming-parties.test-support.ts';

/** Whom a forged certificate names. */
export type Victim = Pick<Party, 'username'> & { readonly identity: Pick<Party['identity'], 'role'> };

/** A certificate for a fresh key in `victim`'s name, issued with the platform's real intermediate CA, and not logged. */
export async function forgedCertificate(api: TestApi, victim: Victim, kind: 'sig' | 'enc'): Promise<IssuedCertificate> {
  const subject =
    victim.identity.role === 'dispatcher'
      ? { username: victim.username, role: 'dispatcher' as const, organisation: 'Acme Fleet', country: 'BE' }
      : { username: victim.username, role: 'driver' as const };
  const csrs = await createIdentityCsrs(subject, await generateIdentityKeys());
  const check = await verifyCsr(kind === 'sig' ? csrs.sigCsrPem : csrs.encCsrPem, { ...subject, kind });
  if (!check.ok) throw new Error(`forged CSR refused: ${check.reason}`);
  const csr: ParsedCsr = check.csr;
  return issueCertificate(api.pki.issuer, csr, { kind, role: subject.role });
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

/** The victim's client, talking to a server that rewrites answers with `rewrite`. */
export function throughHostileServer(victim: Party, rewrite: (data: Record<string, unknown>) => Record<string, unknown>): HttpsClient {
  class HostileServer extends HttpsClient {
    override async graphql<T, V>(query: TypedQuery<T, V>, variables?: V): Promise<T> {
      return rewrite((await super.graphql(query, variables)) as Record<string, unknown>) as T;
    }
  }
  return sameSession(victim, (options) => new HostileServer(options));
}

/** Another client with the victim's session cookie and `options` (e.g. another device's stores). */
export function sameSession(
  victim: Party,
  make: (options: HttpsClientOptions) => HttpsClient,
  options: Partial<HttpsClientOptions> = {},
): HttpsClient {
  const client = make({ ...victim.client.options, ...options });
  for (const [name, value] of victim.client.cookies) client.cookies.set(name, value);
  return client;
}
