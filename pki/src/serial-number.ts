import { bytesToHex, hexToBytes } from '@seccam/schema';
import { PkiError } from './pki-error.ts';

/**
 * Certificate serial numbers (RFC 5280 §4.1.2.2: positive, at most 20 octets).
 *
 * [Note: 128-bit serials]
 * A serial is 16 random bytes with the top bit forced to 1: the number is then exactly 128
 * bits long (127 of them random, well above the CA/B Forum's 64), always positive, and DER
 * encodes it in 17 octets with a leading 0x00. `serialHex` everywhere in this package is the
 * lowercase hex of the magnitude without that sign octet (32 characters), the same form
 * `@peculiar/x509` and `openssl x509 -serial` (upper case) print, and what a CRL entry takes.
 */

/** A fresh random 128-bit serial as 32 lowercase hex characters. */
export function randomSerialHex(crypto: Crypto): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] ?? 0) | 0x80;
  return bytesToHex(bytes);
}

/**
 * Canonical form of a serial given in hex by a caller: lowercase, without leading zero octets.
 * @throws PkiError `INVALID_ARGUMENT` for odd-length, non-hex, zero or > 20-octet values
 */
export function normalizeSerialHex(serialHex: string): string {
  let bytes: Uint8Array;
  try {
    bytes = hexToBytes(serialHex);
  } catch (cause) {
    throw new PkiError('INVALID_ARGUMENT', 'serialHex is not even-length hex', { cause });
  }
  let start = 0;
  while (start < bytes.length && bytes[start] === 0) start++;
  const magnitude = bytes.subarray(start);
  if (magnitude.length === 0 || magnitude.length > 20) {
    throw new PkiError('INVALID_ARGUMENT', 'serialHex must be a positive number of at most 20 octets');
  }
  return bytesToHex(magnitude);
}
