import type { CertificateAuthority } from './certificate-authority.ts';
import { ecdsaSignParams } from './key-algorithms.ts';
import { decodePem } from './pem.ts';
import { PkiError } from './pki-error.ts';
import { randomSerialHex } from './serial-number.ts';
import {
  AuthorityKeyIdentifierExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
  X509CertificateGenerator,
  type Extension,
  type JsonName,
  type Name,
} from './x509.ts';

/**
 * The one place that signs certificates, so serials, validity, SKI/AKI and the signature
 * algorithm are chosen the same way for CAs, users and services.
 *
 * [Note: validity window]
 * notBefore is backdated by {@link CLOCK_SKEW_MS} so a client whose clock runs a few minutes
 * behind still accepts a certificate issued a second ago; notAfter is clipped to the
 * issuer's own notAfter (RFC 5280 does not require it, but a path is only as valid as its
 * shortest certificate and clipping makes the leaf state the truth).
 */

/** How far notBefore is moved into the past. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

const DAY_MS = 24 * 60 * 60 * 1000;

/** What differs between the certificates we sign. */
export interface CertificateTemplate {
  subject: JsonName | Name;
  /** SubjectPublicKeyInfo DER or a public CryptoKey. */
  publicKey: BufferSource | CryptoKey;
  /** Profile extensions; SKI and AKI are added here. */
  extensions: Extension[];
  validityDays: number;
}

/** A freshly signed certificate. */
export interface IssuedCertificate {
  certPem: string;
  /** See [Note: 128-bit serials]. */
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
}

/** Parses a PEM certificate strictly ([Note: strict PEM]). @throws PkiError `PEM_MALFORMED` */
export function parseCertificatePem(certPem: string): X509Certificate {
  try {
    const cert = new X509Certificate(decodePem(certPem, 'CERTIFICATE'));
    parseLazyParts(cert);
    return cert;
  } catch (cause) {
    if (cause instanceof PkiError) throw cause;
    throw new PkiError('PEM_MALFORMED', 'not a parseable X.509 certificate', { cause });
  }
}

/**
 * `@peculiar/x509` decodes names, the key and extensions on first access; doing it here makes
 * a certificate that is broken inside fail at parse time instead of deep in a check.
 */
function parseLazyParts(cert: X509Certificate): void {
  cert.subjectName.toJSON();
  cert.issuerName.toJSON();
  cert.publicKey.toString('hex');
  cert.extensions.map((extension) => extension.type);
}

/**
 * Signs `template` with `issuer`, or self-signs it with `selfKeys` when `issuer` is `null`
 * (root CA). ECDSA P-256 / SHA-256 only (every CA key is P-256, see [Note: key choices]).
 * @throws PkiError `INVALID_ARGUMENT` for a validity outside 1..36500 days
 */
export async function signCertificate(
  issuer: CertificateAuthority | null,
  template: CertificateTemplate,
  selfKeys: CryptoKeyPair | null,
  crypto: Crypto,
): Promise<IssuedCertificate> {
  if (!Number.isInteger(template.validityDays) || template.validityDays < 1 || template.validityDays > 36_500) {
    throw new PkiError('INVALID_ARGUMENT', 'validity must be a whole number of days between 1 and 36500');
  }
  const issuerCert = issuer === null ? null : parseCertificatePem(issuer.certPem);
  const signingKey = issuer?.keys.privateKey ?? selfKeys?.privateKey;
  const issuerPublicKey = issuerCert?.publicKey ?? selfKeys?.publicKey;
  if (signingKey === undefined || issuerPublicKey === undefined) {
    throw new PkiError('INVALID_ARGUMENT', 'an issuer or a self-signing key pair is required');
  }
  const now = Date.now();
  const notBefore = new Date(Math.max(now - CLOCK_SKEW_MS, issuerCert?.notBefore.getTime() ?? 0));
  const wanted = now + template.validityDays * DAY_MS;
  const notAfter = new Date(Math.min(wanted, issuerCert?.notAfter.getTime() ?? wanted));
  const cert = await X509CertificateGenerator.create(
    {
      serialNumber: randomSerialHex(crypto),
      subject: template.subject,
      issuer: issuerCert?.subjectName ?? template.subject,
      notBefore,
      notAfter,
      publicKey: template.publicKey,
      signingKey,
      signingAlgorithm: ecdsaSignParams(),
      extensions: [
        ...template.extensions,
        await SubjectKeyIdentifierExtension.create(template.publicKey, false, crypto),
        await AuthorityKeyIdentifierExtension.create(issuerPublicKey, false, crypto),
      ],
    },
    crypto,
  );
  return {
    certPem: cert.toString('pem'),
    serialHex: cert.serialNumber.toLowerCase(),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
  };
}
