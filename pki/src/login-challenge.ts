import { base64ToBytes, bytesToBase64 } from '@seccam/schema';
import { parseCertificatePem } from './certificate-signer.ts';
import { ECDSA_P256_SIGNATURE_BYTES, ecdsaSignParams } from './key-algorithms.ts';
import { PkiError } from './pki-error.ts';
import { importSigPublicKey } from './public-key-kind.ts';
import { defaultCrypto } from './x509.ts';

/**
 * Proof of key possession at login (docs/ARCHITECTURE.md, "Identity").
 *
 * [Note: login challenge message]
 * The signed message is UTF-8 of `seccam-login/v1|<origin>|<username>|<challengeId>|<nonce>`.
 * The origin binds the signature to the site the user's client is talking to (a phishing
 * origin's challenge is useless at the real one), the challenge id and nonce make it single
 * use. No field may contain `|` or a control character, so the fields cannot be re-split
 * differently. Signatures are raw IEEE P1363 `r||s` (64 bytes), WebCrypto's native form.
 */

/** Fields of the login challenge message. */
export interface LoginChallengeFields {
  /** The web origin the client talks to, e.g. `https://seccam.example`. */
  origin: string;
  username: string;
  challengeId: string;
  nonce: string;
}

const LOGIN_PREFIX = 'seccam-login/v1';
const BAD_FIELD = /[|\p{Cc}]/u;
const MAX_FIELD = 512;

/**
 * The bytes a client signs for a login challenge ([Note: login challenge message]).
 * @throws PkiError `INVALID_ARGUMENT` for an empty, oversized or ambiguous field
 */
export function loginChallengeMessage(fields: LoginChallengeFields): Uint8Array<ArrayBuffer> {
  const parts = [fields.origin, fields.username, fields.challengeId, fields.nonce];
  for (const [index, part] of parts.entries()) {
    if (typeof part !== 'string' || part.length === 0 || part.length > MAX_FIELD || BAD_FIELD.test(part)) {
      const name = ['origin', 'username', 'challengeId', 'nonce'][index] ?? 'field';
      throw new PkiError('INVALID_ARGUMENT', `${name} must be 1-${MAX_FIELD} characters without "|" or control characters`);
    }
  }
  return new TextEncoder().encode([LOGIN_PREFIX, ...parts].join('|'));
}

/**
 * Signs a login challenge message with the user's `sig` private key.
 * @returns base64 of the 64-byte raw `r||s` signature
 */
export async function signLoginChallenge(
  sigPrivateKey: CryptoKey,
  message: Uint8Array<ArrayBuffer>,
  crypto: Crypto = defaultCrypto,
): Promise<string> {
  return bytesToBase64(new Uint8Array(await crypto.subtle.sign(ecdsaSignParams(), sigPrivateKey, message)));
}

/** Plain or URL-safe base64 alphabet, padding optional (never both alphabets in one value). */
const SIGNATURE_TEXT = /^(?:[A-Za-z0-9+/]+|[A-Za-z0-9_-]+)={0,2}$/;

/**
 * Parses a login signature as the API accepts it: base64 or base64url (padding optional, one
 * alphabet, canonical) of the 64-byte raw `r||s` ECDSA P-256 signature.
 * @throws PkiError `INVALID_ARGUMENT` for anything else — a malformed signature is a malformed
 *   request, not a failed login
 */
export function decodeLoginSignature(text: string): Uint8Array<ArrayBuffer> {
  const malformed = (): PkiError =>
    new PkiError(
      'INVALID_ARGUMENT',
      `signature must be base64 or base64url of the ${ECDSA_P256_SIGNATURE_BYTES}-byte raw ECDSA P-256 signature (r||s)`,
    );
  if (typeof text !== 'string' || text.length > 200 || !SIGNATURE_TEXT.test(text)) throw malformed();
  const standard = text.replace(/=+$/, '').replaceAll('-', '+').replaceAll('_', '/');
  const padded = standard + '='.repeat((4 - (standard.length % 4)) % 4);
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = base64ToBytes(padded);
  } catch {
    throw malformed();
  }
  if (bytes.length !== ECDSA_P256_SIGNATURE_BYTES) throw malformed();
  return bytes;
}

/**
 * Server side: checks a login signature against the user's `sig` certificate. Checks the
 * signature only — the caller must also check that this is the user's current, unrevoked
 * certificate.
 * @returns false for a wrong or malformed signature (never throws for those; see
 *   {@link decodeLoginSignature} to tell a malformed one apart)
 * @throws PkiError `PEM_MALFORMED` / `KEY_MALFORMED` when the stored certificate is unusable
 */
export async function verifyLoginSignature(
  sigCertPem: string,
  message: Uint8Array<ArrayBuffer>,
  signatureB64: string,
  crypto: Crypto = defaultCrypto,
): Promise<boolean> {
  const publicKey = await importSigPublicKey(parseCertificatePem(sigCertPem).publicKey, crypto);
  if (publicKey === null) throw new PkiError('KEY_MALFORMED', 'certificate key is not ECDSA P-256');
  if (typeof signatureB64 !== 'string') return false;
  let signature: Uint8Array<ArrayBuffer>;
  try {
    signature = decodeLoginSignature(signatureB64);
  } catch {
    return false;
  }
  try {
    return await crypto.subtle.verify(ecdsaSignParams(), publicKey, signature, message);
  } catch {
    return false;
  }
}
