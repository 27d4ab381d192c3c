import { encodePem, decodePem } from './pem.ts';
import { ecKeyGenParams } from './key-algorithms.ts';
import { PkiError } from './pki-error.ts';
import { defaultCrypto } from './x509.ts';

/**
 * A standalone ECDSA P-256 key for signing statements that no user makes: the server's audit
 * checkpoints, a log's tree heads, a witness's cosignatures. Each purpose has its own key,
 * kept in its own file, so that holding one (say, the audit HMAC key) never lets anyone forge
 * another kind of statement ([Note: signed statements]).
 */
export interface StatementKey {
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  /** Lowercase hex SHA-256 of the SubjectPublicKeyInfo DER: names the key in what it signs. */
  readonly keyIdHex: string;
}

async function keyIdOf(publicKey: CryptoKey, crypto: Crypto): Promise<string> {
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', publicKey));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', spki));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Generates a new statement key (private key extractable once, for storing it as PEM). */
export async function generateStatementKey(crypto: Crypto = defaultCrypto): Promise<StatementKey> {
  const pair = await crypto.subtle.generateKey(ecKeyGenParams(), true, ['sign', 'verify']);
  return { privateKey: pair.privateKey, publicKey: pair.publicKey, keyIdHex: await keyIdOf(pair.publicKey, crypto) };
}

/** PKCS#8 `PRIVATE KEY` and SPKI `PUBLIC KEY` PEMs of a statement key. */
export async function exportStatementKeyPems(
  key: StatementKey,
  crypto: Crypto = defaultCrypto,
): Promise<{ privateKeyPem: string; publicKeyPem: string }> {
  try {
    return {
      privateKeyPem: encodePem(new Uint8Array(await crypto.subtle.exportKey('pkcs8', key.privateKey)), 'PRIVATE KEY'),
      publicKeyPem: encodePem(new Uint8Array(await crypto.subtle.exportKey('spki', key.publicKey)), 'PUBLIC KEY'),
    };
  } catch (cause) {
    throw new PkiError('KEY_MALFORMED', 'statement key is not extractable', { cause });
  }
}

/** SPKI `PUBLIC KEY` PEM of a statement key's public half (for verifiers elsewhere). */
export async function exportStatementPublicKeyPem(publicKey: CryptoKey, crypto: Crypto = defaultCrypto): Promise<string> {
  return encodePem(new Uint8Array(await crypto.subtle.exportKey('spki', publicKey)), 'PUBLIC KEY');
}

/**
 * Loads a statement key from its PKCS#8 PEM; the public half is derived from it.
 * @throws PkiError `PEM_MALFORMED` or `KEY_MALFORMED`
 */
export async function importStatementKey(privateKeyPem: string, crypto: Crypto = defaultCrypto): Promise<StatementKey> {
  const der = decodePem(privateKeyPem, 'PRIVATE KEY');
  try {
    const extractable = await crypto.subtle.importKey('pkcs8', der, ecKeyGenParams(), true, ['sign']);
    const jwk = await crypto.subtle.exportKey('jwk', extractable);
    const publicKey = await crypto.subtle.importKey(
      'jwk',
      { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, ext: true },
      ecKeyGenParams(),
      true,
      ['verify'],
    );
    const privateKey = await crypto.subtle.importKey('pkcs8', der, ecKeyGenParams(), false, ['sign']);
    return { privateKey, publicKey, keyIdHex: await keyIdOf(publicKey, crypto) };
  } catch (cause) {
    throw new PkiError('KEY_MALFORMED', 'statement key must be an ECDSA P-256 PKCS#8 key', { cause });
  }
}

/**
 * Loads the public half of a statement key from its SPKI `PUBLIC KEY` PEM, for verifiers.
 * @throws PkiError `PEM_MALFORMED` or `KEY_MALFORMED`
 */
export async function importStatementPublicKey(
  publicKeyPem: string,
  crypto: Crypto = defaultCrypto,
): Promise<{ publicKey: CryptoKey; keyIdHex: string }> {
  const der = decodePem(publicKeyPem, 'PUBLIC KEY');
  try {
    const publicKey = await crypto.subtle.importKey('spki', der, ecKeyGenParams(), true, ['verify']);
    return { publicKey, keyIdHex: await keyIdOf(publicKey, crypto) };
  } catch (cause) {
    throw new PkiError('KEY_MALFORMED', 'statement public key must be ECDSA P-256 SPKI', { cause });
  }
}
