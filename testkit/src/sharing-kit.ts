/**
 * Grants and key publication for server tests, straight on `@seccam/pki` (the device SDK has the
 * full client): sign a grant statement, wrap an epoch key to recipients and publish it.
 */
import { randomUUID } from 'node:crypto';
import {
  describeCertificate,
  importBundleKeys,
  importCertificatePublicKey,
  signActionStatement,
  signGrantStatement,
  signKeySet,
  wrapEpochKey,
  type BundleContents,
  type EpochKey,
} from '@seccam/pki';
import { bytesToBase64, type GrantScope } from '@seccam/schema';
import type { HttpsClient } from '@seccam/device/node';

export interface GrantOptions {
  readonly scope?: GrantScope;
  readonly streamIds?: string[];
  readonly expiresAt?: Date | null;
}

export async function dispatcherEncSerial(driverClient: HttpsClient, dispatcher: string): Promise<string> {
  const { dispatchers } = await driverClient.graphql<{ dispatchers: { username: string; encCertificatePem: string }[] }>(
    'query($s: String) { dispatchers(search: $s) { username encCertificatePem } }',
    { s: dispatcher },
  );
  const found = dispatchers.find((d) => d.username === dispatcher);
  if (!found) throw new Error(`dispatcher ${dispatcher} not in the directory`);
  return (await describeCertificate(found.encCertificatePem)).serialHex;
}

/** Signs and creates a grant; returns its id. */
export async function grant(
  driverClient: HttpsClient,
  driver: BundleContents,
  dispatcher: string,
  options: GrantOptions = {},
): Promise<string> {
  const id = randomUUID();
  const scope = options.scope ?? 'all';
  const streamIds = options.streamIds ?? [];
  const createdAt = new Date();
  const serial = await dispatcherEncSerial(driverClient, dispatcher);
  const keys = await importBundleKeys(driver);
  const signatureB64 = await signGrantStatement(
    {
      grantId: id,
      driver: driver.username,
      dispatcher,
      dispatcherEncSerial: serial,
      scope,
      streamIds,
      expiresAt: options.expiresAt ?? null,
      createdAt,
    },
    keys.sig.privateKey,
  );
  await driverClient.graphql('mutation($i: CreateGrantInput!) { createGrant(input: $i) { id } }', {
    i: { id, dispatcher, dispatcherEncSerial: serial, scope, streamIds, expiresAt: options.expiresAt ?? null, createdAt, signatureB64 },
  });
  return id;
}

/** Wraps `epochKey` to every current recipient of the stream and publishes the entries. */
export async function publishKey(
  driverClient: HttpsClient,
  driver: BundleContents,
  streamId: string,
  epoch: number,
  epochKey: EpochKey,
): Promise<number> {
  const { streamRecipients } = await driverClient.graphql<{ streamRecipients: { encCertificatePem: string; encSerial: string }[] }>(
    'query($s: ID!) { streamRecipients(streamId: $s) { encCertificatePem encSerial } }',
    { s: streamId },
  );
  const keys = await importBundleKeys(driver);
  const entries = [];
  for (const r of streamRecipients) {
    const wrapped = await wrapEpochKey(epochKey, await importCertificatePublicKey(r.encCertificatePem, 'enc'));
    const wrappedKeyB64 = bytesToBase64(wrapped);
    const signed = await signKeySet({ streamId, epoch, entries: [{ recipient: r.encSerial, wrappedKeyB64 }] }, keys.sig.privateKey);
    entries.push({ recipientSerial: r.encSerial, wrappedKeyB64, signatureB64: signed.signatureB64 });
  }
  const { publishEpochKeys } = await driverClient.graphql<{ publishEpochKeys: number }>(
    'mutation($i: PublishEpochKeysInput!) { publishEpochKeys(input: $i) }',
    { i: { streamId, epoch, entries } },
  );
  return publishEpochKeys;
}

export interface EpochKeyEntryResult {
  readonly epoch: number;
  readonly recipientSerial: string;
  readonly wrappedKeyB64: string;
  readonly signatureB64: string;
}

export async function myEpochKeys(client: HttpsClient, streamId: string): Promise<EpochKeyEntryResult[]> {
  const { epochKeys } = await client.graphql<{ epochKeys: EpochKeyEntryResult[] }>(
    'query($s: ID!) { epochKeys(streamId: $s) { epoch recipientSerial wrappedKeyB64 signatureB64 } }',
    { s: streamId },
  );
  return epochKeys;
}

/** Revokes a grant as the SDK does: a fresh `seccam-grant-revocation/v1` statement signed by the driver. */
export async function revokeGrant(driverClient: HttpsClient, driver: BundleContents, grantId: string): Promise<void> {
  const { grants } = await driverClient.graphql<{ grants: { id: string; dispatcher: string }[] }>('{ grants { id dispatcher } }');
  const dispatcher = grants.find((g) => g.id === grantId)?.dispatcher;
  if (dispatcher === undefined) throw new Error(`no grant ${grantId}`);
  const at = new Date();
  const keys = await importBundleKeys(driver);
  const fields = { grantId, driver: driver.username, dispatcher, revokedAt: at };
  const signatureB64 = await signActionStatement({ kind: 'grant-revocation', fields }, keys.sig.privateKey);
  await driverClient.graphql('mutation($id: ID!, $p: ActionProofInput!) { revokeGrant(id: $id, proof: $p) { id } }', {
    id: grantId,
    p: { at: at.toISOString(), signatureB64 },
  });
}

/** Revokes one of the holder's certificates as the SDK does: a fresh `seccam-certificate-revocation/v1` statement. */
export async function revokeCertificate(client: HttpsClient, holder: BundleContents, serialHex: string, reason?: string): Promise<void> {
  const at = new Date();
  const keys = await importBundleKeys(holder);
  const fields = { serialHex, holder: holder.username, revokedAt: at };
  const signatureB64 = await signActionStatement({ kind: 'certificate-revocation', fields }, keys.sig.privateKey);
  await client.graphql(
    'mutation($serial: String!, $p: ActionProofInput!, $r: String) { revokeCertificate(serialHex: $serial, proof: $p, reason: $r) }',
    {
      serial: serialHex,
      p: { at: at.toISOString(), signatureB64 },
      r: reason ?? null,
    },
  );
}
