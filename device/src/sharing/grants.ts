/**
 * Sharing from the driver's client (docs/ARCHITECTURE.md, "Sharing and revocation"): sign a grant to a dispatcher whose `enc`
 * certificate verifies against the pinned root, then wrap every existing epoch key of the
 * in-scope streams to it; revoke at once.
 */
import { base64ToBytes, isBase64, type GrantScope } from '@seccam/schema';
import { signActionStatement, signGrantStatement, unwrapEpochKey, verifyKeySet, type BundleContents } from '@seccam/pki';
import type { SeccamClient } from '../client/seccam-client.ts';
import {
  ensureRecipientCertificate,
  ensureTrustedCertificate,
  fetchCrlPem,
  type TrustedCertificate,
} from '../streaming/certificate-trust.ts';
import { wrapEntry } from '../streaming/epoch-publisher.ts';
import { identityFromBundle, type Identity } from '../streaming/identity.ts';
import { fetchEpochKeys, fetchMyStreams, fetchStream, publishEpochKeys, type StreamInfo } from '../streaming/stream-operations.ts';
import { StreamingError } from '../streaming/streaming-error.ts';
import {
  fetchGrants,
  searchDispatchers,
  submitGrant,
  submitRevokeCertificate,
  submitRevokeGrant,
  type GrantInfo,
} from './grant-operations.ts';
import { isGrantSignedBy } from './grant-signature.ts';
import { rememberRevokedGrant } from './revoked-grants.ts';
import { ensureContactCertificate } from '../contacts/contact-rules.ts';

export interface CreateGrantOptions {
  /** The dispatcher's username. */
  readonly dispatcher: string;
  readonly scope: GrantScope;
  /** For scope `streams`: the streams to share. */
  readonly streamIds?: readonly string[];
  readonly expiresAt?: Date | null;
  /**
   * The fingerprint (hex) of the dispatcher's new certificate, when the user was told that a
   * verified contact's certificate changed and confirmed this one ([Note: verified contacts]).
   */
  readonly acceptChangedCertificate?: string;
}

export interface SharedKey {
  readonly streamId: string;
  readonly epoch: number;
}

export interface CreatedGrant {
  readonly grant: GrantInfo;
  /** Epoch keys now wrapped to the dispatcher. */
  readonly shared: readonly SharedKey[];
  /** Epoch keys that could not be shared, and why. */
  readonly skipped: readonly (SharedKey & { readonly reason: string })[];
}

/** Extra passes over the in-scope streams: a recorder may publish a new epoch while we share. */
const SHARE_PASSES = 3;

/**
 * Creates a signed grant and shares every existing epoch key of the in-scope streams.
 * @throws StreamingError `INVALID_ARGUMENT` (unknown dispatcher, not a driver), `UNTRUSTED`
 *   (the dispatcher's certificate does not verify), ContactError `CERTIFICATE_CHANGED` (a
 *   verified dispatcher's certificate is not the one verified: nothing was signed or wrapped),
 *   GraphQLRequestError (server refusal)
 */
export async function createGrant(
  client: SeccamClient,
  owner: BundleContents | Identity,
  options: CreateGrantOptions,
): Promise<CreatedGrant> {
  const identity = 'sigPrivateKey' in owner ? owner : await identityFromBundle(owner);
  if (identity.role !== 'driver') throw new StreamingError('INVALID_ARGUMENT', 'only drivers grant access to their streams');
  const dispatcher = (await searchDispatchers(client, options.dispatcher)).find((d) => d.username === options.dispatcher);
  if (dispatcher === undefined)
    throw new StreamingError('INVALID_ARGUMENT', `no dispatcher named ${options.dispatcher}: check the username (it is case-sensitive)`);
  const crlPem = await fetchCrlPem(client);
  const cert = await ensureRecipientCertificate(client, identity.anchors, dispatcher, crlPem, `dispatcher ${dispatcher.username}`);
  await ensureContactCertificate(
    client.contacts,
    identity.username,
    { username: dispatcher.username, role: 'dispatcher', certPem: cert.pem },
    options.acceptChangedCertificate,
  );
  const streamIds = options.scope === 'all' ? [] : [...(options.streamIds ?? [])];
  const fields = {
    grantId: crypto.randomUUID(),
    driver: identity.username,
    dispatcher: dispatcher.username,
    dispatcherEncSerial: cert.serialHex,
    scope: options.scope,
    streamIds,
    expiresAt: options.expiresAt ?? null,
    createdAt: new Date(),
  };
  const signatureB64 = await signGrantStatement(fields, identity.sigPrivateKey);
  const grant = await submitGrant(client, {
    id: fields.grantId,
    dispatcher: fields.dispatcher,
    dispatcherEncSerial: fields.dispatcherEncSerial,
    scope: fields.scope,
    ...(fields.scope === 'streams' ? { streamIds } : {}),
    ...(fields.expiresAt ? { expiresAt: fields.expiresAt.toISOString() } : {}),
    createdAt: fields.createdAt.toISOString(),
    signatureB64,
  });
  if (!(await isGrantSignedBy(grant, identity.sigPublicKey))) {
    throw new StreamingError('PROTOCOL', `the server returned grant ${grant.id} with fields that differ from what was signed`);
  }
  const streams =
    options.scope === 'all' ? await fetchMyStreams(client) : await Promise.all(streamIds.map((id) => fetchStream(client, id)));
  return { grant, ...(await shareExistingKeys(client, identity, streams, cert)) };
}

/**
 * Revokes a grant at once (the server deletes keys, closes watchers and makes recorders rotate).
 * Signs the `seccam-grant-revocation/v1` statement with the driver's `sig` key: the server
 * refuses a revocation backed by a session alone ([Note: action statements] in @seccam/schema).
 * @throws StreamingError `INVALID_ARGUMENT` (no such grant of yours), GraphQLRequestError (server refusal)
 */
export async function revokeGrant(client: SeccamClient, owner: BundleContents | Identity, grantId: string): Promise<GrantInfo> {
  const identity = 'sigPrivateKey' in owner ? owner : await identityFromBundle(owner);
  const grant = (await fetchGrants(client)).find((g) => g.id === grantId && g.driver === identity.username);
  if (grant === undefined) throw new StreamingError('INVALID_ARGUMENT', `you gave no grant ${grantId}`);
  const at = new Date();
  const fields = { grantId, driver: identity.username, dispatcher: grant.dispatcher, revokedAt: at };
  const signatureB64 = await signActionStatement({ kind: 'grant-revocation', fields }, identity.sigPrivateKey);
  const revoked = await submitRevokeGrant(client, grantId, { at, signatureB64 });
  await rememberRevokedGrant(client.revokedGrants, grantId);
  return revoked;
}

/**
 * Revokes one of the caller's own certificates, signing `seccam-certificate-revocation/v1` with
 * its current `sig` key (proof of possession, not just the session).
 */
export async function revokeCertificate(
  client: SeccamClient,
  owner: BundleContents | Identity,
  serialHex: string,
  reason?: string,
): Promise<boolean> {
  const identity = 'sigPrivateKey' in owner ? owner : await identityFromBundle(owner);
  const at = new Date();
  const fields = { serialHex: serialHex.toLowerCase(), holder: identity.username, revokedAt: at };
  const signatureB64 = await signActionStatement({ kind: 'certificate-revocation', fields }, identity.sigPrivateKey);
  return submitRevokeCertificate(client, fields.serialHex, { at, signatureB64 }, reason);
}

async function shareExistingKeys(
  client: SeccamClient,
  identity: Identity,
  streams: readonly StreamInfo[],
  recipient: TrustedCertificate,
): Promise<Pick<CreatedGrant, 'shared' | 'skipped'>> {
  const done = new Set<string>();
  const shared: SharedKey[] = [];
  const skipped: (SharedKey & { reason: string })[] = [];
  for (let pass = 0; pass < SHARE_PASSES; pass++) {
    let found = 0;
    for (const stream of streams) {
      const driverKey = await ensureTrustedCertificate(
        stream.sigCertificatePem,
        identity.anchors,
        // The driver's own streams, to re-wrap her own keys: a forged certificate here could only make
        // her share keys the forger already knows, so the log is not asked for each stream.
        { kind: 'sig', username: identity.username, at: new Date(stream.createdAt), log: null },
        `stream ${stream.id}`,
      );
      for (const entry of await fetchEpochKeys(client, stream.id)) {
        const id = `${stream.id}/${entry.epoch}`;
        if (entry.recipientSerial !== identity.encSerialHex || done.has(id)) continue;
        done.add(id);
        found += 1;
        const outcome = await reshare(client, identity, driverKey.publicKey, entry, recipient);
        if (outcome === null) shared.push({ streamId: stream.id, epoch: entry.epoch });
        else skipped.push({ streamId: stream.id, epoch: entry.epoch, reason: outcome });
      }
    }
    if (found === 0) break;
  }
  return { shared, skipped };
}

/** Unwraps the driver's own entry and publishes a copy for the recipient. Returns null or why not. */
async function reshare(
  client: SeccamClient,
  identity: Identity,
  streamSigKey: CryptoKey,
  entry: { streamId: string; epoch: number; recipientSerial: string; wrappedKeyB64: string; signatureB64: string },
  recipient: TrustedCertificate,
): Promise<string | null> {
  const { streamId, epoch } = entry;
  const set = {
    streamId,
    epoch,
    entries: [{ recipient: entry.recipientSerial, wrappedKeyB64: entry.wrappedKeyB64 }],
    signatureB64: entry.signatureB64,
  };
  const checked = await verifyKeySet(set, streamSigKey);
  if (!checked.ok || !isBase64(entry.wrappedKeyB64))
    return `your own key of epoch ${epoch} is not signed by you (${checked.ok ? 'bad base64' : checked.message})`;
  const unwrapped = await unwrapEpochKey(base64ToBytes(entry.wrappedKeyB64), identity.encPrivateKey, { streamId, epoch });
  if (!unwrapped.ok) return unwrapped.message;
  try {
    await publishEpochKeys(client, streamId, epoch, [await wrapEntry(unwrapped.epochKey, recipient, identity.sigPrivateKey)]);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
