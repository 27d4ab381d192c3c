import { bytesToHex, hexToBytes } from './hex.ts';

// [Note: stream ids are canonical lowercase UUIDs]
// On the wire a stream id is 16 raw bytes; in every API (TypeScript, JSON control messages,
// GraphQL, SQL) it is the canonical lowercase 8-4-4-4-12 text form. Parsers accept only that
// form so one stream has exactly one spelling and string comparison is identity. Any 16 bytes
// are a valid id on the wire (the codec does not police UUID version bits); the server
// allocates random (v4) ids.

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True for the canonical lowercase UUID text form. */
export function isUuid(text: string): boolean {
  return UUID_RE.test(text);
}

/** The 16 bytes of a canonical lowercase UUID; throws a TypeError for any other text. */
export function uuidToBytes(uuid: string): Uint8Array {
  if (!isUuid(uuid)) throw new TypeError('not a canonical lowercase UUID');
  return hexToBytes(uuid.replaceAll('-', ''));
}

/** The canonical lowercase text form of 16 bytes. */
export function uuidFromBytes(bytes: Uint8Array): string {
  if (bytes.byteLength !== 16) throw new TypeError('a UUID is 16 bytes');
  const hex = bytesToHex(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
