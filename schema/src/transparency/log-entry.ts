/**
 * The entries of the certificate transparency log (docs/PROTOCOL.md §10): the bytes the log
 * hashes into a leaf, `SHA-256(0x00 || entry)`, and a monitor reads back.
 *
 * [Note: log entry]
 * Every entry is one type byte followed by its data, nothing else:
 *   0x01 certificate issued:  0x01 || the certificate's DER (one DER SEQUENCE, ≤ 16 KiB, nothing after it)
 *   0x02 certificate revoked: 0x02 || SHA-256 of that certificate's DER (32 bytes)
 *                                  || revocation time (u64 big-endian, milliseconds since the Unix epoch, ≤ 2^53 - 1)
 * An issued entry carries the whole certificate, so whoever holds the entry holds what the CA
 * signed and can check the subject and key themselves; a revoked entry names the certificate by
 * its hash, which (unlike a serial number) no second certificate can share. The type byte keeps
 * the two kinds apart, so a revocation can never be read as an issuance. Every entry has one
 * encoding: decoding and re-encoding gives the same bytes.
 */
import { ByteReader } from '../binary/byte-reader.ts';
import { ByteWriter } from '../binary/byte-writer.ts';

/** The type byte of each kind of entry. */
export const LogEntryType = {
  CertificateIssued: 0x01,
  CertificateRevoked: 0x02,
} as const;
export type LogEntryType = (typeof LogEntryType)[keyof typeof LogEntryType];

/** Largest certificate an issued entry may carry (a SecCam user certificate is about 1 KiB). */
export const MAX_LOGGED_CERTIFICATE_BYTES = 16 * 1024;
/** Length of the certificate hash in a revoked entry. */
export const LOGGED_CERTIFICATE_HASH_BYTES = 32;
/** Exact length of a revoked entry: type, hash, time. */
export const REVOKED_ENTRY_BYTES = 1 + LOGGED_CERTIFICATE_HASH_BYTES + 8;

/** A decoded log entry ([Note: log entry]). */
export type LogEntry =
  | { readonly type: 'certificate-issued'; readonly certificateDer: Uint8Array }
  | { readonly type: 'certificate-revoked'; readonly certificateSha256: Uint8Array; readonly revokedAt: Date };

const DER_SEQUENCE = 0x30;

/**
 * The entry's bytes ([Note: log entry]).
 * @throws TypeError for an entry that has no encoding: a certificate that is not one DER
 *   SEQUENCE of at most {@link MAX_LOGGED_CERTIFICATE_BYTES}, a hash that is not 32 bytes, or a
 *   revocation time before 1970 or past 2^53 - 1 ms
 */
export function encodeLogEntry(entry: LogEntry): Uint8Array {
  if (entry.type === 'certificate-issued') {
    assertCertificateDer(entry.certificateDer);
    return new ByteWriter(1 + entry.certificateDer.byteLength).u8(LogEntryType.CertificateIssued).raw(entry.certificateDer).finish();
  }
  if (!(entry.certificateSha256 instanceof Uint8Array) || entry.certificateSha256.byteLength !== LOGGED_CERTIFICATE_HASH_BYTES) {
    throw new TypeError(`a revoked entry names the certificate by its ${LOGGED_CERTIFICATE_HASH_BYTES}-byte SHA-256`);
  }
  const ms = entry.revokedAt instanceof Date ? entry.revokedAt.getTime() : Number.NaN;
  if (!Number.isSafeInteger(ms) || ms < 0)
    throw new TypeError('a revocation time is a valid date from 1970 on, in milliseconds up to 2^53 - 1');
  return new ByteWriter(REVOKED_ENTRY_BYTES).u8(LogEntryType.CertificateRevoked).raw(entry.certificateSha256).u64(BigInt(ms)).finish();
}

/**
 * Reads an entry, accepting only its one encoding ([Note: log entry]). The data is copied, so
 * the result does not change with `bytes`.
 * @throws TypeError naming the first problem: empty, unknown type, a truncated or trailing
 *   certificate, a revoked entry of the wrong length or with a time past 2^53 - 1
 */
export function decodeLogEntry(bytes: Uint8Array): LogEntry {
  if (!(bytes instanceof Uint8Array) || bytes.byteLength === 0) throw new TypeError('a log entry starts with its type byte');
  const type = bytes[0];
  if (type === LogEntryType.CertificateIssued) {
    const certificateDer = bytes.slice(1);
    assertCertificateDer(certificateDer);
    return { type: 'certificate-issued', certificateDer };
  }
  if (type === LogEntryType.CertificateRevoked) {
    if (bytes.byteLength !== REVOKED_ENTRY_BYTES)
      throw new TypeError(`a revoked entry is ${REVOKED_ENTRY_BYTES} bytes, got ${bytes.byteLength}`);
    const reader = new ByteReader(bytes.subarray(1), () => new TypeError('truncated revoked entry'));
    const certificateSha256 = reader.bytes(LOGGED_CERTIFICATE_HASH_BYTES).slice();
    const ms = reader.u64();
    if (ms > BigInt(Number.MAX_SAFE_INTEGER)) throw new TypeError('a revocation time is at most 2^53 - 1 ms');
    return { type: 'certificate-revoked', certificateSha256, revokedAt: new Date(Number(ms)) };
  }
  throw new TypeError(`unknown log entry type 0x${(type ?? 0).toString(16).padStart(2, '0')}`);
}

/**
 * Checks that `der` is one DER SEQUENCE with a minimal definite length covering exactly the
 * rest (X.690 §8.1.3, §10.1): the outer shape of a certificate. What is inside is the X.509
 * parser's business; this only rules out truncated, padded or indefinite-length encodings.
 */
function assertCertificateDer(der: Uint8Array): void {
  if (!(der instanceof Uint8Array) || der.byteLength < 2) throw new TypeError('an issued entry carries a certificate DER');
  if (der.byteLength > MAX_LOGGED_CERTIFICATE_BYTES)
    throw new TypeError(`a logged certificate is at most ${MAX_LOGGED_CERTIFICATE_BYTES} bytes`);
  if (der[0] !== DER_SEQUENCE) throw new TypeError('a certificate DER starts with a SEQUENCE (0x30)');
  const first = der[1] ?? 0;
  let header = 2;
  let length = first;
  if (first === 0x80) throw new TypeError('a certificate DER has a definite length');
  if (first > 0x80) {
    const count = first & 0x7f;
    if (count > 2 || der.byteLength < 2 + count) throw new TypeError('the certificate DER length is truncated or too large');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (der[2 + i] ?? 0);
    header = 2 + count;
    if (der[2] === 0 || length < 0x80) throw new TypeError('the certificate DER length is not minimal');
  }
  if (header + length !== der.byteLength) {
    throw new TypeError(`the certificate DER says ${header + length} bytes, the entry carries ${der.byteLength}`);
  }
}
