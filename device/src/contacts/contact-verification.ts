/**
 * Verifying a contact over the network ([Note: verified contacts], [Note: safety codes] in
 * @seccam/pki): find the certificate the server shows for them (after the chain, CRL and
 * transparency-log checks every key use applies), show this user's safety code and QR payload,
 * and confirm a code or a scanned payload against it.
 */
import {
  certificateFingerprint,
  certificateSafetyCode,
  encodeContactPayload,
  isContactPayloadText,
  isSameSafetyCode,
  parseContactPayload,
  type Role,
} from '@seccam/pki';
import type { SeccamClient } from '../client/seccam-client.ts';
import { searchDispatchers } from '../sharing/grant-operations.ts';
import { ensureRecipientCertificate, ensureTrustedCertificate, fetchCrlPem } from '../streaming/certificate-trust.ts';
import type { Identity } from '../streaming/identity.ts';
import { fetchSharedStreams, fetchStream } from '../streaming/stream-operations.ts';
import { ContactError } from './contact-error.ts';
import { checkContactCertificate, fingerprintHexOf, rememberContact, type ContactCheck } from './contact-rules.ts';
import type { Contact } from './contact-store.ts';

/** The certificate of someone this user can verify, as the server shows it now (trusted by chain and log). */
export interface ContactCertificate {
  readonly username: string;
  /** Their role: the other one of this user's. */
  readonly role: Role;
  /** A dispatcher's `enc` certificate, or the `sig` certificate of a driver's newest shared stream. */
  readonly certificatePem: string;
  readonly fingerprintHex: string;
}

/** What this user shows and compares when verifying `username`. */
export interface ContactCodes {
  readonly peer: ContactCertificate;
  /** The pair's safety code: both read it out, it must be the same on both screens. */
  readonly safetyCode: string;
  /** This user's own QR payload (the other side scans it). */
  readonly ownPayload: string;
  /** What the contact record says about the peer's current certificate. */
  readonly check: ContactCheck;
}

type VerifyingIdentity = Pick<Identity, 'username' | 'role' | 'anchors' | 'sigCertPem' | 'encCertPem'>;

/**
 * The certificate `username` has as this user's counterpart: a driver sees a dispatcher's `enc`
 * certificate from the directory; a dispatcher sees the `sig` certificate of the newest stream
 * that driver shared with it.
 * @throws ContactError `NOT_FOUND`; StreamingError `UNTRUSTED` (chain, CRL or log check failed)
 */
export async function fetchContactCertificate(
  client: SeccamClient,
  identity: VerifyingIdentity,
  username: string,
): Promise<ContactCertificate> {
  if (identity.role === 'driver') {
    const dispatcher = (await searchDispatchers(client, username)).find((d) => d.username === username);
    if (dispatcher === undefined) throw new ContactError('NOT_FOUND', `no dispatcher named ${username}: check the username`);
    const cert = await ensureRecipientCertificate(
      client,
      identity.anchors,
      dispatcher,
      await fetchCrlPem(client),
      `dispatcher ${username}`,
    );
    return { username, role: 'dispatcher', certificatePem: cert.pem, fingerprintHex: await fingerprintHexOf(cert.pem) };
  }
  const newest = (await fetchSharedStreams(client))
    .filter((s) => s.owner === username)
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))[0];
  if (newest === undefined)
    throw new ContactError('NOT_FOUND', `${username} has shared no recording with you yet: verify them once they share one`);
  const stream = await fetchStream(client, newest.id);
  await ensureTrustedCertificate(
    stream.sigCertificatePem,
    identity.anchors,
    { kind: 'sig', username, at: new Date(stream.createdAt), log: { follower: client.log, proof: stream.sigCertificateLogProof } },
    `driver ${username}`,
  );
  return {
    username,
    role: 'driver',
    certificatePem: stream.sigCertificatePem,
    fingerprintHex: await fingerprintHexOf(stream.sigCertificatePem),
  };
}

/** The certificate of this user's that the other side relies on: a driver's `sig`, a dispatcher's `enc`. */
function ownCertificatePem(identity: VerifyingIdentity): string {
  return identity.role === 'driver' ? identity.sigCertPem : identity.encCertPem;
}

/** The safety code, own QR payload and contact status for verifying `username`. */
export async function contactCodes(client: SeccamClient, identity: VerifyingIdentity, username: string): Promise<ContactCodes> {
  const peer = await fetchContactCertificate(client, identity, username);
  const own = ownCertificatePem(identity);
  return {
    peer,
    safetyCode: await certificateSafetyCode(own, peer.certificatePem),
    ownPayload: encodeContactPayload(identity.username, await certificateFingerprint(own)),
    check: await checkContactCertificate(client.contacts, identity.username, username, peer.certificatePem),
  };
}

/**
 * Marks `username` verified once `codeOrPayload` matches what the server shows for them: the
 * pair's safety code as read out by the other side, or their QR payload
 * (`seccam-contact:1:…`). This is also how a changed certificate is re-verified.
 * @throws ContactError `MISMATCH` (nothing is recorded), `NOT_FOUND`; StreamingError `UNTRUSTED`
 */
export async function verifyContact(
  client: SeccamClient,
  identity: VerifyingIdentity,
  username: string,
  codeOrPayload: string,
): Promise<Contact> {
  const codes = await contactCodes(client, identity, username);
  let method: 'code' | 'qr';
  if (isContactPayloadText(codeOrPayload)) {
    const payload = parseContactPayload(codeOrPayload);
    if (payload.username !== username)
      throw new ContactError('MISMATCH', `this code is ${payload.username}'s, not ${username}'s: nothing was marked verified`);
    if (payload.fingerprintHex !== codes.peer.fingerprintHex)
      throw new ContactError(
        'MISMATCH',
        `${username}'s code does not match the certificate the server shows for them: do not share with this account, and tell your administrator`,
      );
    method = 'qr';
  } else if (isSameSafetyCode(codeOrPayload, codes.safetyCode)) {
    method = 'code';
  } else {
    throw new ContactError(
      'MISMATCH',
      `the safety code does not match (this side shows ${codes.safetyCode}): check for a typo; if it really differs, one of you is not seeing the other's real certificate`,
    );
  }
  return rememberContact(client.contacts, {
    owner: identity.username,
    username,
    role: codes.peer.role,
    fingerprintHex: codes.peer.fingerprintHex,
    method,
  });
}
