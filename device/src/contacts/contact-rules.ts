/**
 * The rules of verified contacts ([Note: verified contacts]) over a {@link ContactStore}: look
 * one up, remember a confirmation, forget, and the one check every key wrap and every watch
 * applies to a contact's current certificate.
 */
import { bytesToHex } from '@seccam/schema';
import { certificateFingerprint, type Role } from '@seccam/pki';
import { certificateChangedError, type ContactChange, type ContactError } from './contact-error.ts';
import type { Contact, ContactMethod, ContactStore } from './contact-store.ts';

/** The lower-case hex SHA-256 fingerprint of a certificate given as PEM. */
export async function fingerprintHexOf(certPem: string): Promise<string> {
  return bytesToHex(await certificateFingerprint(certPem));
}

/** `owner`'s contact named `username`, if verified. */
export async function findContact(store: ContactStore, owner: string, username: string): Promise<Contact | undefined> {
  return (await store.load()).find((c) => c.owner === owner && c.username === username);
}

/** `owner`'s contacts, by username. */
export async function listContacts(store: ContactStore, owner: string): Promise<readonly Contact[]> {
  return (await store.load()).filter((c) => c.owner === owner).sort((a, b) => a.username.localeCompare(b.username));
}

/**
 * Records that `owner` confirmed `fingerprintHex` as `username`'s certificate (appended to what
 * the contact held: older streams stay rooted in older certificates).
 */
export async function rememberContact(
  store: ContactStore,
  entry: { owner: string; username: string; role: Role; fingerprintHex: string; method: ContactMethod; at?: Date },
): Promise<Contact> {
  const all = await store.load();
  const previous = all.find((c) => c.owner === entry.owner && c.username === entry.username);
  const fingerprintsHex = [...(previous?.fingerprintsHex ?? []).filter((f) => f !== entry.fingerprintHex), entry.fingerprintHex];
  const contact: Contact = {
    owner: entry.owner,
    username: entry.username,
    role: entry.role,
    fingerprintsHex,
    verifiedAt: (entry.at ?? new Date()).toISOString(),
    method: entry.method,
  };
  await store.save([...all.filter((c) => c !== previous), contact]);
  return contact;
}

/** Forgets `owner`'s contact `username`; false when there was none. */
export async function forgetContact(store: ContactStore, owner: string, username: string): Promise<boolean> {
  const all = await store.load();
  const kept = all.filter((c) => !(c.owner === owner && c.username === username));
  if (kept.length === all.length) return false;
  await store.save(kept);
  return true;
}

/** What the contact record says about a certificate the server shows for `username`. */
export type ContactCheck =
  | { readonly status: 'unverified' }
  | { readonly status: 'verified'; readonly contact: Contact }
  | { readonly status: 'changed'; readonly contact: Contact; readonly change: ContactChange; readonly error: ContactError };

/**
 * Checks `certPem` (already trusted by chain and log) against `owner`'s contact `username`.
 * Not a contact: `unverified` (the caller goes on as before). A contact whose record holds the
 * fingerprint: `verified`. Anything else: `changed`, never to be used without asking.
 */
export async function checkContactCertificate(
  store: ContactStore,
  owner: string,
  username: string,
  certPem: string,
): Promise<ContactCheck> {
  const contact = await findContact(store, owner, username);
  if (contact === undefined) return { status: 'unverified' };
  const currentFingerprintHex = await fingerprintHexOf(certPem);
  if (contact.fingerprintsHex.includes(currentFingerprintHex)) return { status: 'verified', contact };
  const change: ContactChange = {
    username,
    verifiedFingerprintsHex: contact.fingerprintsHex,
    verifiedAt: contact.verifiedAt,
    currentFingerprintHex,
    certificatePem: certPem,
  };
  return { status: 'changed', contact, change, error: certificateChangedError(contact, change) };
}

/**
 * The wrap rule: before a key is wrapped to `username`'s certificate, a verified contact's
 * certificate must be one it holds. `acceptFingerprintHex` is the caller's explicit
 * confirmation of exactly the new certificate (the user compared the new code, or accepted the
 * change knowingly): it is recorded (`accepted`) and the wrap goes on.
 * @throws ContactError `CERTIFICATE_CHANGED`
 */
export async function ensureContactCertificate(
  store: ContactStore,
  owner: string,
  contact: { username: string; role: Role; certPem: string },
  acceptFingerprintHex?: string,
): Promise<void> {
  const check = await checkContactCertificate(store, owner, contact.username, contact.certPem);
  if (check.status !== 'changed') return;
  if (acceptFingerprintHex?.toLowerCase() !== check.change.currentFingerprintHex) throw check.error;
  await rememberContact(store, {
    owner,
    username: contact.username,
    role: contact.role,
    fingerprintHex: check.change.currentFingerprintHex,
    method: 'accepted',
  });
}
