import { base64ToBytes, bytesEqual, bytesToBase64 } from '@seccam/schema';
import type { BundleContents } from './bundle-format.ts';
import { parseCertificatePem } from './certificate-signer.ts';
import type { IdentityKeys, KeyKind } from './identity-keys.ts';
import { ecKeyGenParams, rsaOaepImportParams } from './key-algorithms.ts';
import { PkiError } from './pki-error.ts';
import { importPublicKeyOfKind } from './public-key-kind.ts';
import { defaultCrypto, PublicKey } from './x509.ts';

/** The private keys as they are stored in a bundle (PKCS#8 DER, base64). */
export type BundleKeys = Pick<BundleContents, 'sigPrivateKeyPkcs8B64' | 'encPrivateKeyPkcs8B64'>;

/** Bundle keys plus, optionally, the certificates they must match. */
export type BundleKeysInput = BundleKeys & Partial<Pick<BundleContents, 'sigCertPem' | 'encCertPem'>>;

/** Options of {@link importBundleKeys}. */
export interface ImportBundleKeysOptions {
  /**
   * Whether the imported private keys may be exported again. Default false; pass true only
   * when the keys must sign a new `enc` CSR ([Note: enc proof of possession]) or be re-sealed.
   */
  extractable?: boolean;
}

const USAGES: Readonly<Record<KeyKind, { private: KeyUsage[]; public: KeyUsage[] }>> = {
  sig: { private: ['sign'], public: ['verify'] },
  enc: { private: ['decrypt', 'unwrapKey'], public: ['encrypt', 'wrapKey'] },
};

/**
 * Exports the private halves of {@link IdentityKeys} for a bundle.
 * @throws PkiError `KEY_MALFORMED` when a key is not extractable
 */
export async function exportBundleKeys(keys: IdentityKeys, crypto: Crypto = defaultCrypto): Promise<BundleKeys> {
  try {
    const [sig, enc] = await Promise.all([
      crypto.subtle.exportKey('pkcs8', keys.sig.privateKey),
      crypto.subtle.exportKey('pkcs8', keys.enc.privateKey),
    ]);
    return { sigPrivateKeyPkcs8B64: bytesToBase64(new Uint8Array(sig)), encPrivateKeyPkcs8B64: bytesToBase64(new Uint8Array(enc)) };
  } catch (cause) {
    throw new PkiError('KEY_MALFORMED', 'identity private keys must be extractable', { cause });
  }
}

/**
 * Turns bundle keys back into usable key pairs: `sig` signs with ECDSA P-256, `enc`
 * decrypts / unwraps with RSA-OAEP SHA-256. Public halves are derived from the private keys.
 * When certificates are given, each key must belong to its certificate.
 * @param crypto WebCrypto provider (default: `globalThis.crypto`)
 * @throws PkiError `KEY_MALFORMED` (bad base64, not PKCS#8, wrong type or size),
 *   `KEY_MISMATCH` (key and certificate differ), `PEM_MALFORMED` (certificate)
 */
export async function importBundleKeys(
  input: BundleKeysInput,
  options: ImportBundleKeysOptions = {},
  crypto: Crypto = defaultCrypto,
): Promise<IdentityKeys> {
  const extractable = options.extractable ?? false;
  const [sig, enc] = await Promise.all([
    importKeyPair('sig', input.sigPrivateKeyPkcs8B64, extractable, crypto),
    importKeyPair('enc', input.encPrivateKeyPkcs8B64, extractable, crypto),
  ]);
  await assertMatches('sig', sig.publicKey, input.sigCertPem, crypto);
  await assertMatches('enc', enc.publicKey, input.encCertPem, crypto);
  return { sig, enc };
}

async function importKeyPair(kind: KeyKind, pkcs8B64: string, extractable: boolean, crypto: Crypto): Promise<CryptoKeyPair> {
  const algorithm = kind === 'sig' ? ecKeyGenParams() : rsaOaepImportParams();
  try {
    const pkcs8 = base64ToBytes(pkcs8B64);
    const probe = await crypto.subtle.importKey('pkcs8', pkcs8, algorithm, true, USAGES[kind].private);
    const publicKey = await crypto.subtle.importKey(
      'jwk',
      publicJwkOf(await crypto.subtle.exportKey('jwk', probe)),
      algorithm,
      true,
      USAGES[kind].public,
    );
    const spki = await crypto.subtle.exportKey('spki', publicKey);
    if ((await importPublicKeyOfKind(new PublicKey(spki), kind, crypto)) === null) {
      throw new PkiError('KEY_MALFORMED', `${kind} private key has the wrong type or size`);
    }
    const privateKey = extractable ? probe : await crypto.subtle.importKey('pkcs8', pkcs8, algorithm, false, USAGES[kind].private);
    return { privateKey, publicKey };
  } catch (cause) {
    if (cause instanceof PkiError && cause.code === 'KEY_MALFORMED') throw cause;
    throw new PkiError('KEY_MALFORMED', `${kind} private key is not a usable PKCS#8 key`, { cause });
  }
}

/** Strips the private members of an EC or RSA JWK. */
function publicJwkOf(jwk: JsonWebKey): JsonWebKey {
  if (jwk.kty === 'EC') return { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y, ext: true };
  if (jwk.kty === 'RSA') return { kty: 'RSA', n: jwk.n, e: jwk.e, ext: true };
  throw new PkiError('KEY_MALFORMED', `unexpected key type ${jwk.kty ?? '(none)'}`);
}

async function assertMatches(kind: KeyKind, publicKey: CryptoKey, certPem: string | undefined, crypto: Crypto): Promise<void> {
  if (certPem === undefined) return;
  const certSpki = new Uint8Array(parseCertificatePem(certPem).publicKey.rawData);
  const keySpki = new Uint8Array(await crypto.subtle.exportKey('spki', publicKey));
  if (!bytesEqual(certSpki, keySpki)) throw new PkiError('KEY_MISMATCH', `${kind} private key does not belong to ${kind}CertPem`);
}
