import { AuthorityKeyIdentifierExtension, SubjectKeyIdentifierExtension, type X509Certificate } from './x509.ts';

/**
 * Path building from a leaf to the pinned root (RFC 5280 §6.1, simplified to SecCam's
 * short hierarchy), by signature rather than by name.
 *
 * [Note: untrusted-root versus bad-signature]
 * At each step the candidate issuers are the certificates whose subject equals the current
 * certificate's issuer name: the pinned root first (a name that matches the root is decided
 * by the root alone), then the given intermediates. A candidate is taken only when its key
 * verifies the current certificate's signature. When none does, the failure is
 * `bad-signature` if a candidate's subjectKeyIdentifier equals the certificate's
 * authorityKeyIdentifier (the right issuer, so the certificate was altered after signing),
 * and `untrusted-root` otherwise (another key with the same name, e.g. a self-made CA
 * posing as the platform's). The distinction is diagnostic only: both mean "not trusted".
 */

/** Result of {@link findCertificatePath}: leaf first, pinned root last. */
export type PathResult = { ok: true; path: X509Certificate[] } | { ok: false; reason: 'untrusted-root' | 'bad-signature' };

/** Signature algorithms accepted on certificates and CRLs (no SHA-1, no MD5). */
const ACCEPTED_HASHES = new Set(['SHA-256', 'SHA-384', 'SHA-512']);

/**
 * Extensions a SecCam verifier understands; any other extension marked critical makes a
 * certificate unusable (RFC 5280 §4.2).
 */
const KNOWN_EXTENSIONS = new Set([
  '2.5.29.14', // subjectKeyIdentifier
  '2.5.29.15', // keyUsage
  '2.5.29.17', // subjectAltName
  '2.5.29.19', // basicConstraints
  '2.5.29.32', // certificatePolicies
  '2.5.29.35', // authorityKeyIdentifier
  '2.5.29.37', // extKeyUsage
]);

/** True when every critical extension of `cert` is one we process. */
export function hasOnlyKnownCriticalExtensions(cert: X509Certificate): boolean {
  return cert.extensions.every((extension) => !extension.critical || KNOWN_EXTENSIONS.has(extension.type));
}

/** Builds the path per [Note: untrusted-root versus bad-signature]. */
export async function findCertificatePath(
  leaf: X509Certificate,
  root: X509Certificate,
  intermediates: readonly X509Certificate[],
  crypto: Crypto,
): Promise<PathResult> {
  const path = [leaf];
  let current = leaf;
  for (let depth = 0; depth <= intermediates.length; depth++) {
    const candidates =
      current.issuer === root.subject ? [root] : intermediates.filter((ca) => ca.subject === current.issuer && !path.includes(ca));
    let next: X509Certificate | undefined;
    for (const candidate of candidates) {
      if (await isSignedBy(current, candidate, crypto)) {
        next = candidate;
        break;
      }
    }
    if (next === undefined) {
      return { ok: false, reason: candidates.some((ca) => keyIdLinks(current, ca)) ? 'bad-signature' : 'untrusted-root' };
    }
    path.push(next);
    if (next === root) return { ok: true, path };
    current = next;
  }
  return { ok: false, reason: 'untrusted-root' };
}

/** Whether `issuer`'s key verifies `cert`'s signature with an accepted algorithm. */
export async function isSignedBy(cert: X509Certificate, issuer: X509Certificate, crypto: Crypto): Promise<boolean> {
  const hash = (cert.signatureAlgorithm as { hash?: Algorithm }).hash?.name.toUpperCase();
  if (hash === undefined || !ACCEPTED_HASHES.has(hash)) return false;
  try {
    return await cert.verify({ publicKey: issuer.publicKey, signatureOnly: true }, crypto);
  } catch {
    return false;
  }
}

function keyIdLinks(cert: X509Certificate, issuer: X509Certificate): boolean {
  const authorityKeyId = cert.getExtension(AuthorityKeyIdentifierExtension)?.keyId;
  const subjectKeyId = issuer.getExtension(SubjectKeyIdentifierExtension)?.keyId;
  return authorityKeyId !== undefined && authorityKeyId === subjectKeyId;
}
