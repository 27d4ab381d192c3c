/**
 * The WebCrypto algorithm parameters of every key SecCam makes or accepts, in one place.
 *
 * [Note: key choices]
 * - `sig` keys and all CA / service keys: ECDSA P-256 with SHA-256 (small signatures for
 *   per-chunk signing, native in every browser's WebCrypto, accepted by openssl and nginx).
 * - `enc` keys: RSA-OAEP 3072 / SHA-256 (docs/ARCHITECTURE.md, "Identity"). RSA rather than ECDH because a wrapped
 *   key for a recipient is then one self-contained OAEP blob, and 3072 bits matches the
 *   128-bit security level of P-256 and AES-256-GCM's key wrap use.
 * - The enc key proves possession in its CSR by signing with the same key material imported
 *   as RSA-PSS / SHA-256 (salt 32), which WebCrypto allows because pkcs8 carries no usage
 *   restriction. See [Note: enc proof of possession] in identity-csr.ts.
 * Objects are returned fresh from functions because `publicExponent` is a mutable array.
 */

/** Bits of the RSA modulus of every `enc` key. */
export const ENC_MODULUS_BITS = 3072;

/** Named curve of every EC key. */
export const EC_CURVE = 'P-256';

/** Length in bytes of a raw (IEEE P1363, r||s) P-256 ECDSA signature. */
export const ECDSA_P256_SIGNATURE_BYTES = 64;

/** Key generation parameters of a `sig` (and CA / service) key. */
export function ecKeyGenParams(): EcKeyGenParams {
  return { name: 'ECDSA', namedCurve: EC_CURVE };
}

/** Signature parameters for ECDSA P-256 keys. */
export function ecdsaSignParams(): EcdsaParams {
  return { name: 'ECDSA', hash: 'SHA-256' };
}

/** Key generation parameters of an `enc` key. */
export function encKeyGenParams(): RsaHashedKeyGenParams {
  return {
    name: 'RSA-OAEP',
    modulusLength: ENC_MODULUS_BITS,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: 'SHA-256',
  };
}

/** Import parameters of an `enc` key for RSA-OAEP. */
export function rsaOaepImportParams(): RsaHashedImportParams {
  return { name: 'RSA-OAEP', hash: 'SHA-256' };
}

/** Import parameters of the `enc` key material for its CSR proof of possession. */
export function rsaPssImportParams(): RsaHashedImportParams {
  return { name: 'RSA-PSS', hash: 'SHA-256' };
}

/** Signature parameters of the `enc` CSR proof of possession (salt = hash length). */
export function rsaPssSignParams(): RsaPssParams & { hash: string } {
  return { name: 'RSA-PSS', saltLength: 32, hash: 'SHA-256' };
}
