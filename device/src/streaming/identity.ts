import { describeCertificate, importBundleKeys, normalizeSerialHex, type BundleContents, type Role } from '@seccam/pki';
import { trustAnchorsOf, type TrustAnchors } from './certificate-trust.ts';

/**
 * The opened bundle as the streaming code uses it: imported (non-extractable) keys, both
 * certificates, the serial of the own `enc` certificate (the `recipient` of one's own wrapped
 * keys) and the pinned trust anchors.
 */
export interface Identity {
  readonly username: string;
  readonly role: Role;
  readonly sigPrivateKey: CryptoKey;
  readonly sigPublicKey: CryptoKey;
  readonly encPrivateKey: CryptoKey;
  readonly encPublicKey: CryptoKey;
  readonly sigCertPem: string;
  readonly encCertPem: string;
  /** Serial of `encCertPem`, lower-case hex (`normalizeSerialHex`). */
  readonly encSerialHex: string;
  readonly anchors: TrustAnchors;
}

/**
 * Imports the keys of an opened bundle (checking each against its certificate).
 * @throws PkiError `KEY_MALFORMED` / `KEY_MISMATCH` for a damaged bundle
 */
export async function identityFromBundle(bundle: BundleContents): Promise<Identity> {
  const keys = await importBundleKeys(bundle);
  const { serialHex } = await describeCertificate(bundle.encCertPem);
  return {
    username: bundle.username,
    role: bundle.role,
    sigPrivateKey: keys.sig.privateKey,
    sigPublicKey: keys.sig.publicKey,
    encPrivateKey: keys.enc.privateKey,
    encPublicKey: keys.enc.publicKey,
    sigCertPem: bundle.sigCertPem,
    encCertPem: bundle.encCertPem,
    encSerialHex: normalizeSerialHex(serialHex),
    anchors: trustAnchorsOf(bundle),
  };
}
