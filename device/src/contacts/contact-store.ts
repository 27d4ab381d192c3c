// [Note: verified contacts]
// The transparency log makes a certificate the server forged visible, but only to the person it
// names, and only when they look (docs/SECURITY.md). A driver who has compared a safety code
// with a dispatcher (in person, on the phone, or by scanning their QR code) knows more than the
// log can tell her: which certificate is really theirs. The client remembers that as a contact:
// the contact's username and the fingerprints of the certificates she checked. From then on a
// different certificate under that name is never used silently: `createGrant` refuses with
// `ContactError` `CERTIFICATE_CHANGED` unless the caller confirms that exact new fingerprint,
// the recorder's epoch publication skips the recipient and says so, and a dispatcher who
// verified a driver refuses a stream rooted in a signing certificate the contact does not hold.
// The record is public data (no key), kept per device like the revocation record: in
// `contacts.json` beside the CLI's session file, in IndexedDB for the web app.

import type { Role } from '@seccam/pki';
import { MemoryListStore, type ListStore } from '../list-store.ts';

/** How the newest fingerprint of a contact was confirmed. */
export type ContactMethod =
  /** The two safety codes were compared and matched. */
  | 'code'
  /** The contact's QR payload was scanned or pasted and matched the server's certificate. */
  | 'qr'
  /** A changed certificate was accepted without comparing: still asked about at the next change. */
  | 'accepted';

/** One person this user verified ([Note: verified contacts]). */
export interface Contact {
  /** The user whose contact this is (one device may hold several accounts' contacts). */
  readonly owner: string;
  readonly username: string;
  /** The contact's role: a driver verifies dispatchers, a dispatcher verifies drivers. */
  readonly role: Role;
  /**
   * Lower-case hex SHA-256 fingerprints of the contact's certificates this user confirmed, the
   * newest last: a dispatcher's `enc` certificate (keys are wrapped to it), a driver's `sig`
   * certificate (frames are checked against it; older streams keep older ones).
   */
  readonly fingerprintsHex: readonly string[];
  /** When the newest fingerprint was confirmed (ISO 8601). */
  readonly verifiedAt: string;
  readonly method: ContactMethod;
}

/** Where a client keeps its contacts ([Note: verified contacts]). */
export type ContactStore = ListStore<Contact>;

/** Remembers for this process only (the default). */
export class MemoryContactStore extends MemoryListStore<Contact> {}

const USERNAME = /^[a-z0-9]{3,32}$/;
const FINGERPRINT = /^[0-9a-f]{64}$/;
const METHODS: ReadonlySet<unknown> = new Set<ContactMethod>(['code', 'qr', 'accepted']);

/** True for a contact list as the stores keep it (what a damaged file or database is checked against). */
export function isContactList(value: unknown): value is readonly Contact[] {
  return Array.isArray(value) && value.every(isContact);
}

function isContact(value: unknown): value is Contact {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return (
    typeof c['owner'] === 'string' &&
    USERNAME.test(c['owner']) &&
    typeof c['username'] === 'string' &&
    USERNAME.test(c['username']) &&
    (c['role'] === 'driver' || c['role'] === 'dispatcher') &&
    Array.isArray(c['fingerprintsHex']) &&
    c['fingerprintsHex'].length > 0 &&
    c['fingerprintsHex'].every((f) => typeof f === 'string' && FINGERPRINT.test(f)) &&
    typeof c['verifiedAt'] === 'string' &&
    !Number.isNaN(Date.parse(c['verifiedAt'])) &&
    METHODS.has(c['method'])
  );
}
