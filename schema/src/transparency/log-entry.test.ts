import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../binary/hex.ts';
import { decodeLogEntry, encodeLogEntry, MAX_LOGGED_CERTIFICATE_BYTES, REVOKED_ENTRY_BYTES, type LogEntry } from './log-entry.ts';

/** A SEQUENCE whose content is `n` bytes of 0xab, with the length in its minimal form. */
function derSequence(n: number): Uint8Array {
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Uint8Array.from([0x30, ...length, ...new Array<number>(n).fill(0xab)]);
}

const hashHex = '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328';
const revokedAt = new Date('2026-12-01T21:40:00.123Z');

describe('transparency log entry', () => {
  it('is 0x01 || the DER for an issued certificate (pinned bytes)', () => {
    const entry: LogEntry = { type: 'certificate-issued', certificateDer: hexToBytes('3003020105') };
    expect(bytesToHex(encodeLogEntry(entry))).toBe('013003020105');
    expect(decodeLogEntry(hexToBytes('013003020105'))).toEqual(entry);
  });

  it('is 0x02 || SHA-256 || u64 milliseconds for a revocation (pinned bytes)', () => {
    const entry: LogEntry = { type: 'certificate-revoked', certificateSha256: hexToBytes(hashHex), revokedAt };
    // 2026-12-01T21:40:00.123Z = 1796161200123 ms = 0x0000_01a2_338c_dffb
    expect(revokedAt.getTime()).toBe(1_796_161_200_123);
    const hex = `02${hashHex}000001a2338cdffb`;
    expect(bytesToHex(encodeLogEntry(entry))).toBe(hex);
    expect(encodeLogEntry(entry).byteLength).toBe(REVOKED_ENTRY_BYTES);
    expect(decodeLogEntry(hexToBytes(hex))).toEqual(entry);
  });

  it('round-trips certificates with short, one-byte and two-byte lengths', () => {
    for (const n of [0, 1, 0x7f, 0x80, 0xff, 0x100, 1200, MAX_LOGGED_CERTIFICATE_BYTES - 4]) {
      const der = derSequence(n);
      const bytes = encodeLogEntry({ type: 'certificate-issued', certificateDer: der });
      expect(bytes[0]).toBe(1);
      expect(decodeLogEntry(bytes)).toEqual({ type: 'certificate-issued', certificateDer: der });
    }
  });

  it('copies what it decodes', () => {
    const bytes = hexToBytes('013003020105');
    const entry = decodeLogEntry(bytes);
    bytes[5] = 0x06;
    expect(entry).toEqual({ type: 'certificate-issued', certificateDer: hexToBytes('3003020105') });
  });

  it.each([
    ['', /type byte/],
    ['00', /unknown log entry type 0x00/],
    ['03' + '00'.repeat(40), /unknown log entry type 0x03/],
    ['ff', /unknown log entry type 0xff/],
    ['01', /carries a certificate DER/],
    ['0130', /carries a certificate DER/],
    ['013103020105', /starts with a SEQUENCE/],
    ['0130030201', /says 5 bytes, the entry carries 4/],
    ['013003020105' + '00', /says 5 bytes, the entry carries 6/],
    ['01308003020105', /definite length/],
    ['0130810302010500', /not minimal/],
    ['013082000302010500', /not minimal/],
    ['013083000003020105', /truncated or too large/],
    ['013082', /truncated or too large/],
    ['02' + hashHex + '000001a2338cdf', /41 bytes, got 40/],
    ['02' + hashHex + '000001a2338cdffb00', /41 bytes, got 42/],
    ['02' + hashHex + '0020000000000000', /at most 2\^53 - 1/],
  ])('refuses %s', (hex, message) => {
    expect(() => decodeLogEntry(hexToBytes(hex))).toThrow(message);
  });

  it('refuses a certificate over the size limit', () => {
    const der = derSequence(MAX_LOGGED_CERTIFICATE_BYTES); // header makes it 4 bytes too long
    expect(() => encodeLogEntry({ type: 'certificate-issued', certificateDer: der })).toThrow(/at most 16384 bytes/);
    expect(() => decodeLogEntry(Uint8Array.from([1, ...der]))).toThrow(/at most 16384 bytes/);
  });

  it('refuses to encode what has no encoding', () => {
    const certificateSha256 = hexToBytes(hashHex);
    expect(() => encodeLogEntry({ type: 'certificate-issued', certificateDer: hexToBytes('3004020105') })).toThrow(/says 6 bytes/);
    expect(() => encodeLogEntry({ type: 'certificate-revoked', certificateSha256: certificateSha256.subarray(1), revokedAt })).toThrow(
      /32-byte SHA-256/,
    );
    for (const bad of [new Date(Number.NaN), new Date(-1)]) {
      expect(() => encodeLogEntry({ type: 'certificate-revoked', certificateSha256, revokedAt: bad })).toThrow(/from 1970 on/);
    }
    expect(encodeLogEntry({ type: 'certificate-revoked', certificateSha256, revokedAt: new Date(0) }).subarray(33)).toEqual(
      new Uint8Array(8),
    );
  });
});
