import { bytesToBase64 } from '@seccam/schema';
import { signKeySet, wrapEpochKey, type EpochKey } from '@seccam/pki';
import type { EpochKeyEntryInput } from '../gql/graphql.ts';
import type { SeccamClient } from '../client/seccam-client.ts';
import { fetchGrants, type GrantInfo } from '../sharing/grant-operations.ts';
import { grantCovers, isGrantSignedBy } from '../sharing/grant-signature.ts';
import { ensureRecipientCertificate, fetchCrlPem, type TrustedCertificate } from './certificate-trust.ts';
import type { Identity } from './identity.ts';
import { fetchStreamRecipients, publishEpochKeys, type StreamRecipient } from './stream-operations.ts';
import { isStreamingError } from './streaming-error.ts';
import { checkContactCertificate } from '../contacts/contact-rules.ts';
import type { ContactChange } from '../contacts/contact-error.ts';

// [Note: one signed key set per recipient]
// Each wrapped key is published with the driver's signature over a key set holding that one
// entry (docs/PROTOCOL.md §5), so the server can delete one recipient's entry on revocation
// without invalidating the others, and a viewer checks exactly the entry it receives.

/** The outcome of publishing one epoch's keys. */
export interface PublishedEpoch {
  readonly streamId: string;
  readonly epoch: number;
  /** Usernames the key was wrapped to (the driver first). */
  readonly recipients: readonly string[];
  /** Recipients listed by the server that got no key, and why. */
  readonly refused: readonly EpochRefusal[];
}

/** A recipient that got no key of an epoch. */
export interface EpochRefusal {
  readonly username: string;
  readonly reason: string;
  /** Set when the recipient is a verified contact whose certificate changed: ask the user ([Note: verified contacts]). */
  readonly contactChange?: ContactChange;
}

/** One recipient's wrapped epoch secret plus the driver's signature over its one-entry key set. */
export async function wrapEntry(
  epochKey: EpochKey,
  recipient: Pick<TrustedCertificate, 'serialHex' | 'publicKey'>,
  sigPrivateKey: CryptoKey,
): Promise<EpochKeyEntryInput> {
  const wrappedKeyB64 = bytesToBase64(await wrapEpochKey(epochKey, recipient.publicKey));
  const entries = [{ recipient: recipient.serialHex, wrappedKeyB64 }];
  const { signatureB64 } = await signKeySet({ streamId: epochKey.streamId, epoch: epochKey.epoch, entries }, sigPrivateKey);
  return { recipientSerial: recipient.serialHex, wrappedKeyB64, signatureB64 };
}

/**
 * Wraps a new epoch key to the driver itself and to every recipient the server lists that
 * passes the checks (certificate chains to the pinned root, not revoked, and a grant signed by
 * this driver names it: [Note: recipients need a grant the driver signed]; a verified contact's
 * certificate is one the contact holds: [Note: verified contacts]), then publishes.
 */
export async function publishEpoch(client: SeccamClient, identity: Identity, epochKey: EpochKey): Promise<PublishedEpoch> {
  const { streamId, epoch } = epochKey;
  const [listed, crlPem, grants] = await Promise.all([fetchStreamRecipients(client, streamId), fetchCrlPem(client), fetchGrants(client)]);
  const own = { serialHex: identity.encSerialHex, publicKey: identity.encPublicKey };
  const targets: { username: string; cert: Pick<TrustedCertificate, 'serialHex' | 'publicKey'> }[] = [
    { username: identity.username, cert: own },
  ];
  const refused: EpochRefusal[] = [];
  const signedGrants = await verifiedGrants(grants, identity, await client.revokedGrants.load());
  for (const recipient of listed) {
    if (recipient.username === identity.username) continue; // the driver wraps to the certificate in its own bundle
    const outcome = await checkRecipient(client, recipient, streamId, signedGrants, identity, crlPem);
    if ('reason' in outcome) refused.push({ username: recipient.username, ...outcome });
    else targets.push({ username: recipient.username, cert: outcome });
  }
  const entries = await Promise.all(targets.map((target) => wrapEntry(epochKey, target.cert, identity.sigPrivateKey)));
  await publishEpochKeys(client, streamId, epoch, entries);
  return { streamId, epoch, recipients: targets.map((target) => target.username), refused };
}

/** The grants this driver signed and has not revoked from this client ([Note: a revocation the client keeps]). */
async function verifiedGrants(grants: readonly GrantInfo[], identity: Identity, revokedIds: readonly string[]): Promise<GrantInfo[]> {
  const revoked = new Set(revokedIds);
  const checks = await Promise.all(
    grants.map(
      async (grant) =>
        grant.driver === identity.username && !revoked.has(grant.id.toLowerCase()) && (await isGrantSignedBy(grant, identity.sigPublicKey)),
    ),
  );
  return grants.filter((_grant, index) => checks[index] === true);
}

async function checkRecipient(
  client: SeccamClient,
  recipient: StreamRecipient,
  streamId: string,
  grants: readonly GrantInfo[],
  identity: Identity,
  crlPem: string,
): Promise<TrustedCertificate | Omit<EpochRefusal, 'username'>> {
  let cert: TrustedCertificate;
  try {
    cert = await ensureRecipientCertificate(client, identity.anchors, recipient, crlPem, `recipient ${recipient.username}`);
  } catch (error) {
    if (isStreamingError(error, 'UNTRUSTED')) return { reason: error.message };
    throw error;
  }
  const granted = grants.some(
    (grant) => grant.dispatcher === recipient.username && grant.dispatcherEncSerial === cert.serialHex && grantCovers(grant, streamId),
  );
  if (!granted)
    return { reason: `no active grant signed by ${identity.username} names ${recipient.username} with certificate ${cert.serialHex}` };
  // Never a silent wrap to a changed certificate of someone the driver verified: skipped until she decides.
  const contact = await checkContactCertificate(client.contacts, identity.username, recipient.username, cert.pem);
  if (contact.status === 'changed') return { reason: contact.error.message, contactChange: contact.change };
  return cert;
}
