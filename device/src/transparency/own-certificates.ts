/**
 * Monitoring one's own name in the transparency log: every certificate the log holds for the
 * signed-in username that this client does not hold is a certificate someone else can use in
 * its name — issued by a compromised CA, or by anyone holding the intermediate key.
 *
 * [Note: monitoring by username]
 * The log is asked for the certificates logged under a username (`certificatesInLog`, from the
 * certificate subject), so a server can leave an entry out of this answer. It cannot leave it out
 * of the log itself if it wants anyone else to accept the certificate: every other client requires
 * an inclusion proof in a head consistent with what it saw ([Note: following the log]), and a
 * witness or auditor that reads the whole log sees the entry. The answer's certificates are
 * checked here only against what the client holds; a false entry raises a false alarm, never a
 * silent one.
 */
import { decodePem } from '@seccam/pki';
import { bytesToHex } from '@seccam/schema';
import { graphql } from '../gql/index.ts';
import type { LoggedCertificatesQuery } from '../gql/graphql.ts';
import type { SeccamClient } from '../client/seccam-client.ts';
import { printDocument } from '../client/print-document.ts';

export type LoggedCertificate = LoggedCertificatesQuery['certificatesInLog'][number];

export const LoggedCertificatesDocument = graphql(`
  query LoggedCertificates($username: String!, $first: Int!, $afterLeafIndex: Int) {
    certificatesInLog(username: $username, first: $first, afterLeafIndex: $afterLeafIndex) {
      leafIndex
      certificatePem
      certificateSha256Hex
      serialHex
      revocationLeafIndex
      revokedAt
    }
  }
`);

const PAGE = 500;
/** More pages than any honest account needs; a log that keeps answering is refused rather than followed forever. */
const MAX_PAGES = 100;

/** Every certificate the log holds for `username`, in log order. */
export async function fetchLoggedCertificates(client: SeccamClient, username: string): Promise<LoggedCertificate[]> {
  const all: LoggedCertificate[] = [];
  let after: number | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer: LoggedCertificatesQuery = await client.graphql(printDocument(LoggedCertificatesDocument), {
      username,
      first: PAGE,
      afterLeafIndex: after,
    });
    const batch = answer.certificatesInLog;
    all.push(...batch);
    const last = batch.at(-1);
    if (batch.length < PAGE || last === undefined) return all;
    if (after !== null && last.leafIndex <= after) throw new Error('the log answered a page out of order');
    after = last.leafIndex;
  }
  throw new Error(`the log lists more than ${MAX_PAGES * PAGE} certificates for ${username}`);
}

/**
 * The certificates logged in `username`'s name that are not among `held` (PEMs this client
 * holds: the bundle's `sig` and `enc` certificates, and any earlier ones it kept). Empty when
 * all is well; anything else must be shown to the user loudly.
 */
export async function foreignCertificatesInLog(
  client: SeccamClient,
  username: string,
  held: readonly string[],
  crypto: Crypto = globalThis.crypto,
): Promise<LoggedCertificate[]> {
  const heldHashes = new Set(
    await Promise.all(
      held.map(async (pem) => bytesToHex(new Uint8Array(await crypto.subtle.digest('SHA-256', decodePem(pem, 'CERTIFICATE'))))),
    ),
  );
  return (await fetchLoggedCertificates(client, username)).filter((entry) => !heldHashes.has(entry.certificateSha256Hex));
}
