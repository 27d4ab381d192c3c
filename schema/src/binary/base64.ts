// [Note: strict base64]
// Wire values (`chainHeadB64`, `wrappedKeyB64`) use standard base64 (RFC 4648 §4) with
// padding and nothing else: no whitespace, no URL alphabet, no missing padding, and the
// unused low bits of the last character must be zero. A strict decoder makes every value
// have exactly one spelling, so a signed structure cannot be re-encoded into a different
// string that still "means" the same bytes. `atob`/`btoa` exist in browsers and Node ≥ 16.

const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Encodes bytes as standard padded base64. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.byteLength; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

/** True when `text` is canonical standard padded base64. */
export function isBase64(text: string): boolean {
  if (!BASE64_RE.test(text)) return false;
  // Canonical: re-encoding the decoded bytes must give the same text (rejects non-zero pad bits).
  return bytesToBase64(decodeUnchecked(text)) === text;
}

/** Decodes canonical standard padded base64; throws a TypeError for anything else. */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  if (!isBase64(text)) throw new TypeError('not canonical base64');
  return decodeUnchecked(text);
}

function decodeUnchecked(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
