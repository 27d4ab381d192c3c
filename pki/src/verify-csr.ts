import type { KeyKind } from './identity-keys.ts';
import { decodePem } from './pem.ts';
import { PkiError } from './pki-error.ts';
import { importPublicKeyOfKind } from './public-key-kind.ts';
import { certificateSubjectOf, readCertificateSubject, sameSubject, type CertificateSubject, type Role } from './subject-name.ts';
import { defaultCrypto, Pkcs10CertificateRequest } from './x509.ts';

/** Largest CSR PEM accepted (an RSA-3072 CSR is about 1.4 KiB). */
export const MAX_CSR_PEM_LENGTH = 16 * 1024;

/** What the server expects a CSR to contain, from the account being registered. */
export interface CsrExpectation {
  kind: KeyKind;
  username: string;
  role: Role;
  /** Dispatchers only. */
  organisation?: string;
  /** Dispatchers only. */
  country?: string;
}

/** Why a CSR was refused. */
export type CsrRejection = 'malformed' | 'too-large' | 'wrong-key-type' | 'bad-signature' | 'wrong-subject';

declare const verifiedCsr: unique symbol;

/**
 * A CSR that passed {@link verifyCsr}. Only verifyCsr makes these (branded type), and
 * {@link issueCertificate} takes nothing else, so an unverified request cannot be signed.
 */
export interface ParsedCsr {
  readonly kind: KeyKind;
  readonly role: Role;
  /** Subject fields, equal to the expectation. */
  readonly subject: CertificateSubject;
  /** The requester's SubjectPublicKeyInfo (DER). */
  readonly spkiDer: Uint8Array<ArrayBuffer>;
  readonly [verifiedCsr]: true;
}

/** Result of {@link verifyCsr}. */
export type CsrCheck = { ok: true; csr: ParsedCsr } | { ok: false; reason: CsrRejection };

/**
 * Verifies a client's CSR before the CA signs it. In order:
 * 1. `too-large`: PEM longer than {@link MAX_CSR_PEM_LENGTH};
 * 2. `malformed`: not exactly one `CERTIFICATE REQUEST` PEM block holding a PKCS#10 DER;
 * 3. `wrong-key-type`: see [Note: accepted key types] (sig: ECDSA P-256; enc: RSA 3072);
 * 4. `bad-signature`: the CSR is not signed by its own key (proof of possession), or with
 *    another algorithm than ECDSA/SHA-256 (sig) or RSA-PSS or PKCS#1 v1.5 with SHA-256 (enc);
 * 5. `wrong-subject`: the subject is not exactly the expected one, per [Note: subject layout].
 * Requested extensions and attributes are ignored: nothing from the CSR but its subject
 * fields and public key reaches a certificate.
 * @param crypto WebCrypto provider (default: `globalThis.crypto`)
 * @throws PkiError `INVALID_ARGUMENT` when the expectation itself breaks the role rules
 */
export async function verifyCsr(csrPem: string, expected: CsrExpectation, crypto: Crypto = defaultCrypto): Promise<CsrCheck> {
  const expectedSubject = certificateSubjectOf(expected);
  const kind: string = expected.kind; // untrusted at runtime whatever the type says
  if (kind !== 'sig' && kind !== 'enc') {
    throw new PkiError('INVALID_ARGUMENT', 'kind must be sig or enc');
  }
  if (typeof csrPem !== 'string') return { ok: false, reason: 'malformed' };
  if (csrPem.length > MAX_CSR_PEM_LENGTH) return { ok: false, reason: 'too-large' };
  const csr = parseCsr(csrPem);
  if (csr === null) return { ok: false, reason: 'malformed' };
  if ((await importPublicKeyOfKind(csr.publicKey, expected.kind, crypto)) === null) {
    return { ok: false, reason: 'wrong-key-type' };
  }
  if (!isAllowedCsrSignature(csr, expected.kind) || !(await verifiesSafely(csr, crypto))) {
    return { ok: false, reason: 'bad-signature' };
  }
  const subject = readCertificateSubject(csr.subjectName);
  if (subject === null || !sameSubject(subject, expectedSubject)) return { ok: false, reason: 'wrong-subject' };
  const parsed = { kind: expected.kind, role: expected.role, subject, spkiDer: new Uint8Array(csr.publicKey.rawData) };
  return { ok: true, csr: parsed as ParsedCsr };
}

function parseCsr(csrPem: string): Pkcs10CertificateRequest | null {
  try {
    const der = decodePem(csrPem, ['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST']);
    if (!isOneDerSequence(der)) return null;
    const csr = new Pkcs10CertificateRequest(der);
    // Decode the lazily parsed parts now, so a broken structure is `malformed`, not a throw later.
    csr.subjectName.toJSON();
    csr.publicKey.toString('hex');
    hashName(csr.signatureAlgorithm);
    return csr;
  } catch {
    return null;
  }
}

/**
 * True when `der` is exactly one SEQUENCE with a definite, minimally encoded length and
 * nothing after it. The ASN.1 parser under `@peculiar/x509` stops after the first element and
 * ignores whatever follows, so without this check a CSR with trailing bytes would verify.
 */
function isOneDerSequence(der: Uint8Array): boolean {
  if (der[0] !== 0x30 || der.length < 2) return false;
  const first = der[1] ?? 0;
  if (first < 0x80) return der.length === 2 + first;
  const lengthBytes = first & 0x7f;
  if (lengthBytes === 0 || lengthBytes > 3 || der[2] === 0) return false; // indefinite, absurd or padded
  let length = 0;
  for (let i = 0; i < lengthBytes; i++) length = length * 256 + (der[2 + i] ?? 0);
  return length >= 0x80 && der.length === 2 + lengthBytes + length;
}

function hashName(algorithm: Algorithm): string | undefined {
  const hash = (algorithm as { hash?: string | Algorithm }).hash;
  return typeof hash === 'string' ? hash : hash?.name;
}

function isAllowedCsrSignature(csr: Pkcs10CertificateRequest, kind: KeyKind): boolean {
  const algorithm = csr.signatureAlgorithm;
  if (hashName(algorithm)?.toUpperCase() !== 'SHA-256') return false;
  if (kind === 'sig') return algorithm.name === 'ECDSA';
  return algorithm.name === 'RSA-PSS' || algorithm.name === 'RSASSA-PKCS1-v1_5';
}

async function verifiesSafely(csr: Pkcs10CertificateRequest, crypto: Crypto): Promise<boolean> {
  try {
    return await csr.verify(crypto);
  } catch {
    return false;
  }
}
