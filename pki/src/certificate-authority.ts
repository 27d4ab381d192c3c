import { parseCertificatePem, signCertificate } from './certificate-signer.ts';
import { ecdsaSignParams, ecKeyGenParams } from './key-algorithms.ts';
import { decodePem, encodePem } from './pem.ts';
import { PkiError } from './pki-error.ts';
import { caPolicyExtension, DEFAULT_POLICY_ARC, issuerPolicyArc } from './role-policy.ts';
import { BasicConstraintsExtension, defaultCrypto, KeyUsageFlags, KeyUsagesExtension, type Extension, type JsonName } from './x509.ts';

/**
 * Root and intermediate certificate authorities.
 *
 * [Note: CA hierarchy]
 * Root (pathLen 1) -> intermediate (pathLen 0) -> user and service certificates. Only the
 * intermediate signs day to day, so the root private key can live offline once the
 * intermediate exists; it is needed again only to make a new intermediate. CA keys are
 * ECDSA P-256 ([Note: key choices]) and extractable, because the Node bootstrap stores them
 * as PKCS#8 files. Both CA certificates mark basicConstraints and keyUsage critical
 * (keyCertSign | cRLSign), as RFC 5280 §4.2.1.9 asks, and list the three role policies of their
 * arc ([Note: the arc travels in the CA certificates] in role-policy.ts).
 */

/** A CA certificate with its key pair. `keys.privateKey` signs certificates and CRLs. */
export interface CertificateAuthority {
  certPem: string;
  keys: CryptoKeyPair;
}

/** Options of {@link createRootCa}. */
export interface RootCaOptions {
  commonName: string;
  organisation?: string;
  /** The deployment's role-policy arc ([Note: policy OID arc]); default {@link DEFAULT_POLICY_ARC}. Intermediates inherit it. */
  policyArc?: string;
  /** Default 10. */
  validityYears?: number;
}

/** Options of {@link createIntermediateCa}. */
export interface IntermediateCaOptions {
  commonName: string;
  organisation?: string;
  /** Default 5, clipped to the root's lifetime. */
  validityYears?: number;
}

const DAYS_PER_YEAR = 365;

function caName(commonName: string, organisation: string | undefined): JsonName {
  if (commonName.length === 0 || commonName.length > 64) {
    throw new PkiError('INVALID_ARGUMENT', 'CA commonName must be 1-64 characters');
  }
  return organisation === undefined ? [{ CN: [commonName] }] : [{ O: [organisation] }, { CN: [commonName] }];
}

function caExtensions(pathLength: number, policyArc: string): Extension[] {
  return [
    new BasicConstraintsExtension(true, pathLength, true),
    new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
    caPolicyExtension(policyArc), // [Note: the arc travels in the CA certificates]
  ];
}

/**
 * Creates a self-signed root CA ([Note: CA hierarchy]).
 * @param crypto WebCrypto provider (default: `globalThis.crypto`)
 */
export function createRootCa(options: RootCaOptions, crypto: Crypto = defaultCrypto): Promise<CertificateAuthority> {
  return createCa(null, options, { pathLength: 1, validityYears: 10 }, crypto);
}

/**
 * Creates an intermediate CA signed by `root` ([Note: CA hierarchy]).
 * @param crypto WebCrypto provider (default: `globalThis.crypto`)
 */
export function createIntermediateCa(
  root: CertificateAuthority,
  options: IntermediateCaOptions,
  crypto: Crypto = defaultCrypto,
): Promise<CertificateAuthority> {
  return createCa(root, options, { pathLength: 0, validityYears: 5 }, crypto);
}

/** A new CA key pair and its certificate, signed by `issuer` or (for a root) by itself. */
async function createCa(
  issuer: CertificateAuthority | null,
  options: RootCaOptions | IntermediateCaOptions,
  profile: { readonly pathLength: number; readonly validityYears: number },
  crypto: Crypto,
): Promise<CertificateAuthority> {
  const keys = await crypto.subtle.generateKey(ecKeyGenParams(), true, ['sign', 'verify']);
  const issued = await signCertificate(
    issuer,
    {
      subject: caName(options.commonName, options.organisation),
      publicKey: keys.publicKey,
      extensions: caExtensions(
        profile.pathLength,
        issuer === null ? ((options as RootCaOptions).policyArc ?? DEFAULT_POLICY_ARC) : issuerPolicyArc(issuer),
      ),
      validityDays: (options.validityYears ?? profile.validityYears) * DAYS_PER_YEAR,
    },
    issuer === null ? keys : null,
    crypto,
  );
  return { certPem: issued.certPem, keys };
}

/**
 * The CA private key as a PKCS#8 PEM (`PRIVATE KEY`), for storage by the Node bootstrap.
 * @throws PkiError `KEY_MALFORMED` when the key is not extractable
 */
export async function exportPrivateKeyPem(privateKey: CryptoKey, crypto: Crypto = defaultCrypto): Promise<string> {
  try {
    return encodePem(new Uint8Array(await crypto.subtle.exportKey('pkcs8', privateKey)), 'PRIVATE KEY');
  } catch (cause) {
    throw new PkiError('KEY_MALFORMED', 'private key is not extractable as PKCS#8', { cause });
  }
}

/**
 * Loads a CA (or any ECDSA P-256 certificate + key) from PEM and checks that the private key
 * belongs to the certificate by signing and verifying a probe.
 * @param extractable whether the imported private key may be exported again (default false)
 * @throws PkiError `PEM_MALFORMED`, `KEY_MALFORMED` or `KEY_MISMATCH`
 */
export async function importCertificateAuthority(
  pems: { certPem: string; keyPem: string },
  extractable = false,
  crypto: Crypto = defaultCrypto,
): Promise<CertificateAuthority> {
  const cert = parseCertificatePem(pems.certPem);
  let privateKey: CryptoKey;
  let publicKey: CryptoKey;
  try {
    privateKey = await crypto.subtle.importKey('pkcs8', decodePem(pems.keyPem, 'PRIVATE KEY'), ecKeyGenParams(), extractable, ['sign']);
    publicKey = await crypto.subtle.importKey('spki', cert.publicKey.rawData, ecKeyGenParams(), true, ['verify']);
  } catch (cause) {
    if (cause instanceof PkiError) throw cause;
    throw new PkiError('KEY_MALFORMED', 'CA key and certificate must be ECDSA P-256', { cause });
  }
  const probe = crypto.getRandomValues(new Uint8Array(32));
  const signature = await crypto.subtle.sign(ecdsaSignParams(), privateKey, probe);
  if (!(await crypto.subtle.verify(ecdsaSignParams(), publicKey, signature, probe))) {
    throw new PkiError('KEY_MISMATCH', 'the private key does not belong to the certificate');
  }
  return { certPem: cert.toString('pem'), keys: { privateKey, publicKey } };
}
