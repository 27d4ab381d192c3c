import type { Contact } from './contact-store.ts';

export type ContactErrorCode =
  /** A verified contact's certificate is not one the contact record holds: ask the user. */
  | 'CERTIFICATE_CHANGED'
  /** The safety code or QR payload given does not match the certificate the server shows. */
  | 'MISMATCH'
  /** No certificate to verify: no such dispatcher, or no stream shared by that driver yet. */
  | 'NOT_FOUND';

/** A verified contact whose certificate is no longer the one verified ([Note: verified contacts]). */
export interface ContactChange {
  readonly username: string;
  /** What the contact record holds (the newest last) and when it was confirmed. */
  readonly verifiedFingerprintsHex: readonly string[];
  readonly verifiedAt: string;
  /** The certificate the server shows now (it passed the chain and log checks). */
  readonly currentFingerprintHex: string;
  readonly certificatePem: string;
}

/** The contacts module's one error type; `code` to branch on, a message that says what to do next. */
export class ContactError extends Error {
  override readonly name = 'ContactError';

  constructor(
    readonly code: ContactErrorCode,
    message: string,
    /** For `CERTIFICATE_CHANGED`: the old and new fingerprints. */
    readonly change?: ContactChange,
  ) {
    super(message);
  }
}

export function isContactError(error: unknown, code?: ContactErrorCode): error is ContactError {
  return error instanceof ContactError && (code === undefined || error.code === code);
}

/** A fingerprint in the short form people read: the first 16 hex digits in groups of four. */
export function shortFingerprint(fingerprintHex: string): string {
  return (fingerprintHex.slice(0, 16).match(/.{4}/g) ?? []).join(':');
}

/** The `CERTIFICATE_CHANGED` refusal for `change`, worded for the person who must decide. */
export function certificateChangedError(contact: Contact, change: ContactChange): ContactError {
  const newest = contact.fingerprintsHex.at(-1) ?? '';
  return new ContactError(
    'CERTIFICATE_CHANGED',
    `${contact.username}'s certificate changed since you verified it on ${contact.verifiedAt.slice(0, 10)} ` +
      `(verified ${shortFingerprint(newest)}, now ${shortFingerprint(change.currentFingerprintHex)}): ` +
      `compare the new safety code with ${contact.username} before trusting it, or accept the change explicitly`,
    change,
  );
}
