import type { KeyKind } from './identity-keys.ts';
import { EC_CURVE, ecKeyGenParams, ENC_MODULUS_BITS, rsaOaepImportParams } from './key-algorithms.ts';
import type { PublicKey } from './x509.ts';

/**
 * Recognises the public keys SecCam accepts for each {@link KeyKind}.
 *
 * [Note: accepted key types]
 * `sig`: an `id-ecPublicKey` on P-256. `enc`: an `rsaEncryption` key (not an RSA-PSS- or
 * OAEP-restricted SPKI, which some consumers refuse to use for OAEP) with a modulus of
 * exactly 3072 bits and public exponent 65537. Shorter keys are too weak; longer ones are
 * refused too, so that every recipient costs the same and a client cannot make the
 * server or its peers do 8192-bit work. The check imports the key with WebCrypto, so a key
 * that merely parses but is not usable fails as well.
 */

/** Public exponent 65537, big-endian, as WebCrypto reports it. */
const F4 = [1, 0, 1];

/** The WebCrypto key of a `sig` public key, or `null` when it is not ECDSA P-256. */
export async function importSigPublicKey(publicKey: PublicKey, crypto: Crypto): Promise<CryptoKey | null> {
  const algorithm = publicKey.algorithm as Partial<EcKeyAlgorithm>;
  if (algorithm.name !== 'ECDSA' || algorithm.namedCurve !== EC_CURVE) return null;
  try {
    return await crypto.subtle.importKey('spki', publicKey.rawData, ecKeyGenParams(), true, ['verify']);
  } catch {
    return null;
  }
}

/** The WebCrypto RSA-OAEP key of an `enc` public key, or `null` when it is not RSA-3072/e=65537. */
export async function importEncPublicKey(publicKey: PublicKey, crypto: Crypto): Promise<CryptoKey | null> {
  // rsaEncryption maps to this WebCrypto name in @peculiar/x509; PSS/OAEP SPKIs map elsewhere.
  if (publicKey.algorithm.name !== 'RSASSA-PKCS1-v1_5') return null;
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey('spki', publicKey.rawData, rsaOaepImportParams(), true, ['encrypt', 'wrapKey']);
  } catch {
    return null;
  }
  const algorithm = key.algorithm as RsaHashedKeyAlgorithm;
  const exponent = Array.from(algorithm.publicExponent);
  while (exponent[0] === 0) exponent.shift();
  const isF4 = exponent.length === F4.length && exponent.every((byte, i) => byte === F4[i]);
  return algorithm.modulusLength === ENC_MODULUS_BITS && isF4 ? key : null;
}

/** The WebCrypto key for `kind`, or `null` when the key is not acceptable for it. */
export function importPublicKeyOfKind(publicKey: PublicKey, kind: KeyKind, crypto: Crypto): Promise<CryptoKey | null> {
  return kind === 'sig' ? importSigPublicKey(publicKey, crypto) : importEncPublicKey(publicKey, crypto);
}
