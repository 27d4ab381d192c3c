import { ecKeyGenParams, encKeyGenParams } from './key-algorithms.ts';
import { defaultCrypto } from './x509.ts';

/** The two key kinds every user holds (docs/ARCHITECTURE.md, "Identity"). */
export type KeyKind = 'sig' | 'enc';

/**
 * A user's identity key pairs, made on the client at registration.
 * - `sig`: ECDSA P-256 — signs CSRs, login challenges, grants and chunks.
 * - `enc`: RSA-OAEP 3072 / SHA-256 — receives wrapped content keys.
 * Both are extractable so they can be sealed into the `.sec.json` bundle.
 */
export interface IdentityKeys {
  sig: CryptoKeyPair;
  enc: CryptoKeyPair;
}

/**
 * Generates a user's {@link IdentityKeys}. RSA-3072 generation takes about a second.
 * @param crypto WebCrypto provider (default: `globalThis.crypto`)
 */
export async function generateIdentityKeys(crypto: Crypto = defaultCrypto): Promise<IdentityKeys> {
  const [sig, enc] = await Promise.all([
    crypto.subtle.generateKey(ecKeyGenParams(), true, ['sign', 'verify']),
    crypto.subtle.generateKey(encKeyGenParams(), true, ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey']),
  ]);
  return { sig, enc };
}
