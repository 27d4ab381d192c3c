import { createHash, KeyObject, verify } from 'node:crypto';
import type { FrameCrypto } from '../seal/frame-crypto.ts';

/**
 * The synchronous node:crypto {@link FrameCrypto} ([Note: frame crypto provider]): hashing and
 * ECDSA verification run on the calling thread, with no WebCrypto job per call. The public key
 * is converted to a `KeyObject` once per `CryptoKey` and kept while that key lives.
 */
export function nodeFrameCrypto(): FrameCrypto {
  const keys = new WeakMap<CryptoKey, KeyObject>();
  const keyObject = (publicKey: CryptoKey): KeyObject => {
    let key = keys.get(publicKey);
    if (!key) {
      if (publicKey.type !== 'public' || publicKey.algorithm.name !== 'ECDSA' || !publicKey.usages.includes('verify')) {
        throw new TypeError('not an ECDSA verification key');
      }
      key = KeyObject.from(publicKey);
      keys.set(publicKey, key);
    }
    return key;
  };
  return {
    sha256: (data) => new Uint8Array(createHash('sha256').update(data).digest()),
    verifyEcdsaP256: (publicKey, signature, data) => {
      const key = keyObject(publicKey);
      // WebCrypto answers false for a signature of the wrong length; node:crypto throws.
      if (signature.byteLength !== 64) return false;
      try {
        return verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature);
      } catch {
        return false;
      }
    },
  };
}
