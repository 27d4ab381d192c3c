import type { CertificateAuthority } from './certificate-authority.ts';
import { exportPrivateKeyPem } from './certificate-authority.ts';
import { signCertificate, type IssuedCertificate } from './certificate-signer.ts';
import { ecKeyGenParams } from './key-algorithms.ts';
import { PkiError } from './pki-error.ts';
import { issuerPolicyArc, policyOidOf } from './role-policy.ts';
import {
  BasicConstraintsExtension,
  CertificatePolicyExtension,
  defaultCrypto,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectAlternativeNameExtension,
} from './x509.ts';

/**
 * Platform service certificates: the API's TLS server certificate and the client
 * certificate nginx presents to the API (mTLS, nginx/README.md).
 *
 * [Note: service certificate profiles]
 * Two separate certificates with one purpose each rather than one with serverAuth +
 * clientAuth: a leaked nginx client key must not let anyone impersonate the API, and the
 * API's key must not pass as nginx. Both: ECDSA P-256 key made here, keyUsage
 * digitalSignature (all TLS 1.3 needs), basicConstraints CA:false, the service policy
 * ([Note: policy OID arc]). The server certificate names its hosts in subjectAltName
 * (TLS clients ignore the CN); the client certificate carries none.
 */

/** A service certificate with its private key as PKCS#8 PEM (what node:https/nginx load). */
export interface ServiceCertificate extends IssuedCertificate {
  keyPem: string;
}

/** Options of {@link issueServerCertificate}. */
export interface ServerCertificateOptions {
  commonName: string;
  dnsNames: string[];
  ipAddresses: string[];
  /** Default 365. */
  validityDays?: number;
}

/** Options of {@link issueServiceClientCertificate}. */
export interface ServiceClientCertificateOptions {
  /** E.g. `seccam-nginx`. */
  commonName: string;
  /** Default 365. */
  validityDays?: number;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:]+(%[\w.]+)?$/;
const DNS_NAME = /^(?=.{1,253}$)(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

function sanEntries(options: ServerCertificateOptions): { type: 'dns' | 'ip'; value: string }[] {
  if (options.dnsNames.length + options.ipAddresses.length === 0) {
    throw new PkiError('INVALID_ARGUMENT', 'a server certificate needs at least one DNS name or IP address');
  }
  for (const name of options.dnsNames) {
    if (!DNS_NAME.test(name)) throw new PkiError('INVALID_ARGUMENT', `not a DNS name: ${JSON.stringify(name)}`);
  }
  for (const ip of options.ipAddresses) {
    if (!IPV4.test(ip) && !(IPV6.test(ip) && ip.includes(':'))) {
      throw new PkiError('INVALID_ARGUMENT', `not an IP address: ${JSON.stringify(ip)}`);
    }
  }
  return [
    ...options.dnsNames.map((value) => ({ type: 'dns' as const, value })),
    ...options.ipAddresses.map((value) => ({ type: 'ip' as const, value })),
  ];
}

async function issueService(
  issuer: CertificateAuthority,
  commonName: string,
  purpose: ExtendedKeyUsage,
  extra: SubjectAlternativeNameExtension[],
  validityDays: number,
  crypto: Crypto,
): Promise<ServiceCertificate> {
  if (commonName.length === 0 || commonName.length > 64) {
    throw new PkiError('INVALID_ARGUMENT', 'commonName must be 1-64 characters');
  }
  const keys = await crypto.subtle.generateKey(ecKeyGenParams(), true, ['sign', 'verify']);
  const issued = await signCertificate(
    issuer,
    {
      subject: [{ CN: [commonName] }],
      publicKey: keys.publicKey,
      extensions: [
        new BasicConstraintsExtension(false, undefined, true),
        new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
        new ExtendedKeyUsageExtension([purpose]),
        new CertificatePolicyExtension([policyOidOf('service', issuerPolicyArc(issuer))]),
        ...extra,
      ],
      validityDays,
    },
    null,
    crypto,
  );
  return { ...issued, keyPem: await exportPrivateKeyPem(keys.privateKey, crypto) };
}

/**
 * Issues the API's TLS server certificate (serverAuth only, [Note: service certificate profiles]).
 * @param crypto WebCrypto provider (default: `globalThis.crypto`)
 * @throws PkiError `INVALID_ARGUMENT` for bad names or validity
 */
export async function issueServerCertificate(
  issuer: CertificateAuthority,
  options: ServerCertificateOptions,
  crypto: Crypto = defaultCrypto,
): Promise<ServiceCertificate> {
  const san = new SubjectAlternativeNameExtension(sanEntries(options));
  return await issueService(issuer, options.commonName, ExtendedKeyUsage.serverAuth, [san], options.validityDays ?? 365, crypto);
}

/**
 * Issues a platform service's TLS client certificate, e.g. nginx -> API mTLS (clientAuth
 * only, [Note: service certificate profiles]).
 * @param crypto WebCrypto provider (default: `globalThis.crypto`)
 */
export function issueServiceClientCertificate(
  issuer: CertificateAuthority,
  options: ServiceClientCertificateOptions,
  crypto: Crypto = defaultCrypto,
): Promise<ServiceCertificate> {
  return issueService(issuer, options.commonName, ExtendedKeyUsage.clientAuth, [], options.validityDays ?? 365, crypto);
}
