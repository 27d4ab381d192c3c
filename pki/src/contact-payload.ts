/**
 * The QR payload a SecCam user shows so that someone else can verify them by scanning instead
 * of reading a safety code aloud ([Note: safety codes]).
 *
 * [Note: the contact payload]
 * `seccam-contact:1:<username>:<fingerprint>`: version 1, the shower's username (the username
 * rule), and the lower-case hex SHA-256 fingerprint of the one certificate the scanning side
 * relies on — a dispatcher shows its `enc` certificate's, a driver its `sig` certificate's. The
 * scanner compares it with the certificate the server shows it for that username (after the
 * usual chain and transparency-log checks): equal means verified, anything else is refused. The
 * payload holds no secret; it is only as good as the channel it was scanned from (a screen in
 * front of you, not a photo sent by someone). docs/PROTOCOL.md §12.
 */
import { bytesToHex, isUsername } from '@seccam/schema';
import { PkiError } from './pki-error.ts';

/** The payload's scheme and version. */
export const CONTACT_PAYLOAD_PREFIX = 'seccam-contact:1:';

export interface ContactPayload {
  readonly username: string;
  /** Lower-case hex SHA-256 fingerprint of the shower's certificate (64 characters). */
  readonly fingerprintHex: string;
}

const PAYLOAD = /^seccam-contact:1:([a-z0-9]{3,32}):([0-9a-f]{64})$/;

/** The payload string for `username` and the fingerprint of its certificate (32 bytes). */
export function encodeContactPayload(username: string, fingerprint: Uint8Array): string {
  if (!isUsername(username)) throw new PkiError('INVALID_ARGUMENT', `not a username: ${JSON.stringify(username)}`);
  if (fingerprint.length !== 32) throw new RangeError(`a SHA-256 fingerprint has 32 bytes, got ${fingerprint.length}`);
  return `${CONTACT_PAYLOAD_PREFIX}${username}:${bytesToHex(fingerprint)}`;
}

/**
 * Parses a scanned or pasted payload (surrounding white space ignored, nothing else tolerated).
 * @throws PkiError `INVALID_ARGUMENT` naming what is wrong
 */
export function parseContactPayload(text: string): ContactPayload {
  const match = PAYLOAD.exec(text.trim());
  if (match?.[1] === undefined || match[2] === undefined) {
    throw new PkiError(
      'INVALID_ARGUMENT',
      text.trim().startsWith('seccam-contact:')
        ? 'this SecCam contact code is damaged or from another version: scan it again'
        : 'this is not a SecCam contact code (it starts with "seccam-contact:1:")',
    );
  }
  return { username: match[1], fingerprintHex: match[2] };
}

/** True when `text` looks like a contact payload rather than a typed safety code. */
export function isContactPayloadText(text: string): boolean {
  return text.trim().startsWith('seccam-contact:');
}
