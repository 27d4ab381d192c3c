/**
 * The only module that imports `@peculiar/x509`.
 *
 * [Note: x509 loading]
 * `@peculiar/x509` resolves its algorithms through tsyringe, which needs the
 * `reflect-metadata` polyfill loaded first ("tsyringe requires a reflect polyfill"), and it
 * needs a default WebCrypto provider. Importing it from one place guarantees both, in the
 * browser and in Node alike (`globalThis.crypto` is WebCrypto in Node 20). Functions still
 * take a `crypto` parameter last so tests and callers can pass another provider.
 */
import 'reflect-metadata';
import { cryptoProvider } from '@peculiar/x509';

cryptoProvider.set(globalThis.crypto);

export {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  CertificatePolicyExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  Extension,
  KeyUsageFlags,
  KeyUsagesExtension,
  Name,
  Pkcs10CertificateRequest,
  Pkcs10CertificateRequestGenerator,
  PublicKey,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
  X509CertificateGenerator,
  X509Crl,
  X509CrlGenerator,
} from '@peculiar/x509';
export type { JsonName } from '@peculiar/x509';

/** The WebCrypto provider used when a caller passes none. */
export const defaultCrypto: Crypto = globalThis.crypto;
