/**
 * A certificate's verification code: a short string two people compare out of band (read
 * aloud, on a call, on paper) to know that the certificate one of them sees is the other's.
 *
 * [Note: verification codes]
 * The code is derived from the SHA-256 fingerprint of the certificate's DER — the same
 * fingerprint `openssl x509 -fingerprint -sha256` prints — so anyone can recompute it with
 * standard tools. Its first 30 bytes are read as six 40-bit big-endian integers; each is
 * reduced modulo 100 000 and written as five decimal digits (leading zeros kept), and the six
 * groups are joined by single spaces: `12345 67890 …`, about 100 bits. (This is the digit
 * encoding Signal's safety numbers use per party.) 2^40 is not a multiple of 10^5, so the
 * digits are very slightly biased (< 10^-7), which costs nothing measurable. The code names
 * one certificate, not a person: a re-issued certificate has a new code.
 * docs/PROTOCOL.md §12 states the rule for other clients.
 */
import { decodePem } from './pem.ts';
import { defaultCrypto } from './x509.ts';

/** Number of five-digit groups in a verification code. */
export const VERIFICATION_CODE_GROUPS = 6;

const GROUP_BYTES = 5;
const GROUP_MODULUS = 100_000n;

/**
 * The verification code of a SHA-256 certificate fingerprint (32 bytes).
 * @throws RangeError when `fingerprint` is not 32 bytes
 */
export function verificationCodeOfFingerprint(fingerprint: Uint8Array): string {
  if (fingerprint.length !== 32) throw new RangeError(`a SHA-256 fingerprint has 32 bytes, got ${fingerprint.length}`);
  const groups: string[] = [];
  for (let group = 0; group < VERIFICATION_CODE_GROUPS; group++) {
    let value = 0n;
    for (const byte of fingerprint.subarray(group * GROUP_BYTES, (group + 1) * GROUP_BYTES)) value = (value << 8n) | BigInt(byte);
    groups.push((value % GROUP_MODULUS).toString().padStart(5, '0'));
  }
  return groups.join(' ');
}

/**
 * The verification code of a certificate given as strict PEM ([Note: verification codes]).
 * @param crypto WebCrypto provider (default: `globalThis.crypto`)
 * @throws PkiError `PEM_MALFORMED`
 */
export async function certificateVerificationCode(certPem: string, crypto: Crypto = defaultCrypto): Promise<string> {
  return verificationCodeOfFingerprint(await certificateFingerprint(certPem, crypto));
}

/**
 * The SHA-256 fingerprint of a certificate given as strict PEM: the digest of its DER, the
 * value `openssl x509 -noout -fingerprint -sha256` prints (32 bytes).
 * @param crypto WebCrypto provider (default: `globalThis.crypto`)
 * @throws PkiError `PEM_MALFORMED`
 */
export async function certificateFingerprint(certPem: string, crypto: Crypto = defaultCrypto): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', decodePem(certPem, 'CERTIFICATE')));
}
