import { PkiError } from './pki-error.ts';

/**
 * Byte <-> text encodings used on the wire (`…B64`, `…Hex`), isomorphic (browser + Node 20,
 * which lacks `Uint8Array.fromBase64`).
 */

const B64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HEX_PATTERN = /^(?:[0-9a-fA-F]{2})*$/;
const CHUNK = 0x8000;

/** Standard base64 with padding (RFC 4648 §4). */
export function bytesToB64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

/**
 * Decodes standard padded base64, refusing whitespace, URL-safe letters and non-canonical
 * encodings (spare bits set), so one byte string has exactly one accepted text form.
 * @throws PkiError `INVALID_ARGUMENT` (callers re-throw with their own code where needed)
 */
export function b64ToBytes(text: string, what = 'base64 value'): Uint8Array<ArrayBuffer> {
  if (!B64_PATTERN.test(text)) throw new PkiError('INVALID_ARGUMENT', `${what} is not canonical base64`);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  if (bytesToB64(bytes) !== text) throw new PkiError('INVALID_ARGUMENT', `${what} is not canonical base64`);
  return bytes;
}

/** Lowercase hex. */
export function bytesToHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/**
 * Decodes an even-length hex string (either case).
 * @throws PkiError `INVALID_ARGUMENT`
 */
export function hexToBytes(hex: string, what = 'hex value'): Uint8Array<ArrayBuffer> {
  if (!HEX_PATTERN.test(hex)) throw new PkiError('INVALID_ARGUMENT', `${what} is not even-length hex`);
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

/**
 * Byte-wise equality. Accumulates differences instead of returning at the first one, so the
 * time does not reveal where two equal-length inputs differ; lengths are compared first.
 */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}
