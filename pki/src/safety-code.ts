/**
 * A pair's safety code: one short string a driver and a dispatcher compare (in person, on the
 * phone) to know that each sees the other's real certificate.
 *
 * [Note: safety codes]
 * A verification code (§12, [Note: verification codes]) names one certificate, so checking
 * both directions means comparing two codes. The safety code names the pair: it is derived from
 * the SHA-256 fingerprints of the two certificates each side relies on — the driver's `sig`
 * certificate (what the dispatcher checks frames against) and the dispatcher's `enc`
 * certificate (what the driver wraps keys to). Each side computes it from its own certificate
 * and the one the server shows it for the other; if the server swapped either certificate, the
 * two codes differ. The fingerprints are sorted bytewise before hashing, so both sides get the
 * same digits whoever computes it:
 *
 *   digest = SHA-256("seccam-safety-code/v1" || 0x00 || min(fpA, fpB) || max(fpA, fpB))
 *   code   = the verification-code digits of digest (six groups of five digits)
 *
 * The domain string keeps a safety code from ever equalling a certificate's verification code.
 * 30 digits (about 100 bits) because the attacker we guard against holds the CA key and can
 * mint certificates for keys of its choice until a shorter code matched. docs/PROTOCOL.md §12.
 */
import { certificateFingerprint, verificationCodeOfFingerprint } from './verification-code.ts';
import { defaultCrypto } from './x509.ts';

const SAFETY_CODE_DOMAIN = new TextEncoder().encode('seccam-safety-code/v1\u0000');

/**
 * The safety code of two SHA-256 certificate fingerprints, in either order ([Note: safety codes]).
 * @param crypto WebCrypto provider (default: `globalThis.crypto`)
 * @throws RangeError when a fingerprint is not 32 bytes
 */
export async function safetyCodeOfFingerprints(a: Uint8Array, b: Uint8Array, crypto: Crypto = defaultCrypto): Promise<string> {
  for (const fingerprint of [a, b])
    if (fingerprint.length !== 32) throw new RangeError(`a SHA-256 fingerprint has 32 bytes, got ${fingerprint.length}`);
  const [low, high] = compareBytes(a, b) <= 0 ? [a, b] : [b, a];
  const input = new Uint8Array(SAFETY_CODE_DOMAIN.length + 64);
  input.set(SAFETY_CODE_DOMAIN, 0);
  input.set(low, SAFETY_CODE_DOMAIN.length);
  input.set(high, SAFETY_CODE_DOMAIN.length + 32);
  return verificationCodeOfFingerprint(new Uint8Array(await crypto.subtle.digest('SHA-256', input)));
}

/**
 * The safety code of a driver's `sig` certificate and a dispatcher's `enc` certificate, given
 * as strict PEM, in either order ([Note: safety codes]).
 * @throws PkiError `PEM_MALFORMED`
 */
export async function certificateSafetyCode(certPemA: string, certPemB: string, crypto: Crypto = defaultCrypto): Promise<string> {
  const [a, b] = await Promise.all([certificateFingerprint(certPemA, crypto), certificateFingerprint(certPemB, crypto)]);
  return safetyCodeOfFingerprints(a, b, crypto);
}

/** True when `typed` is `code` up to spaces (people type the groups with or without them). */
export function isSameSafetyCode(typed: string, code: string): boolean {
  const digits = (text: string): string => text.replace(/\s+/g, '');
  return /^[0-9]{30}$/.test(digits(typed)) && digits(typed) === digits(code);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return a.length - b.length;
}
