import { bytesToHex } from '@seccam/schema';
import { parseCertificatePem } from './certificate-signer.ts';
import type { KeyKind } from './identity-keys.ts';
import { USER_KEY_USAGE } from './issue-certificate.ts';
import { PkiError } from './pki-error.ts';
import { importPublicKeyOfKind } from './public-key-kind.ts';
import { DEFAULT_POLICY_ARC, holderOfPolicies, type CertificateHolder } from './role-policy.ts';
import { readCertificateSubject, type CertificateSubject } from './subject-name.ts';
import { CertificatePolicyExtension, defaultCrypto, KeyUsagesExtension, SubjectAlternativeNameExtension } from './x509.ts';

/** A readable summary of a certificate (no trust decision: see {@link verifyChain}). */
export interface CertificateInfo {
  serialHex: string;
  /** RFC 4514-style subject, e.g. `C=DE, O=Acme, CN=alice`. */
  subjectText: string;
  issuerText: string;
  /** Subject fields when the subject follows [Note: subject layout], else null. */
  subject: CertificateSubject | null;
  holder: CertificateHolder | null;
  /** `sig`/`enc` for user certificates (from key usage), else null. */
  kind: KeyKind | null;
  notBefore: Date;
  notAfter: Date;
  /** DNS names and IP addresses of subjectAltName. */
  altNames: string[];
  /**
   * SHA-256 of the SubjectPublicKeyInfo, lowercase hex: the value to pin or compare out of
   * band ([Note: what the pinned root proves]). Stable across re-issuance of the same key.
   */
  spkiSha256Hex: string;
}

/**
 * Summarises a certificate. `holder` is read under `policyArc` (default: the default arc); to
 * learn a deployment's arc from a pinned root, use `policyArcOfCertificate` or `verifyChain`,
 * whose `holder` uses the root's arc.
 * @param crypto WebCrypto provider (default: `globalThis.crypto`)
 * @throws PkiError `PEM_MALFORMED`
 */
export async function describeCertificate(
  certPem: string,
  crypto: Crypto = defaultCrypto,
  policyArc: string = DEFAULT_POLICY_ARC,
): Promise<CertificateInfo> {
  const cert = parseCertificatePem(certPem);
  const policies = cert.getExtension(CertificatePolicyExtension)?.policies ?? [];
  const holder = holderOfPolicies(policies, policyArc);
  const usages = cert.getExtension(KeyUsagesExtension)?.usages ?? 0;
  const isUser = holder === 'driver' || holder === 'dispatcher';
  const kinds = (['sig', 'enc'] as const).filter((kind) => (usages & USER_KEY_USAGE[kind]) !== 0);
  const altNames =
    cert
      .getExtension(SubjectAlternativeNameExtension)
      ?.names.toJSON()
      .map((name) => name.value) ?? [];
  return {
    serialHex: cert.serialNumber.toLowerCase(),
    subjectText: cert.subject,
    issuerText: cert.issuer,
    subject: readCertificateSubject(cert.subjectName),
    holder,
    kind: isUser && kinds.length === 1 ? (kinds[0] ?? null) : null,
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    altNames,
    spkiSha256Hex: bytesToHex(new Uint8Array(await crypto.subtle.digest('SHA-256', cert.publicKey.rawData))),
  };
}

/**
 * The WebCrypto public key of a user certificate: ECDSA P-256 `verify` for `sig`, RSA-OAEP
 * `encrypt`/`wrapKey` for `enc`. Does not decide trust: run {@link verifyChain} first.
 * @param crypto WebCrypto provider (default: `globalThis.crypto`)
 * @throws PkiError `PEM_MALFORMED`, or `KEY_MALFORMED` when the key is not of that kind
 */
export async function importCertificatePublicKey(certPem: string, kind: KeyKind, crypto: Crypto = defaultCrypto): Promise<CryptoKey> {
  const key = await importPublicKeyOfKind(parseCertificatePem(certPem).publicKey, kind, crypto);
  if (key === null) throw new PkiError('KEY_MALFORMED', `certificate key is not a SecCam ${kind} key`);
  return key;
}
