import { certificateSafetyCode, normalizeSerialHex } from '@seccam/pki';
import { editDatabase, forgedCertificate, installCertificate, logCertificate } from '@seccam/testkit';
import { describe, expect, it } from 'vitest';
import { HttpsClient } from '../node/https-client.ts';
import { fetchGrants } from '../sharing/grant-operations.ts';
import { createGrant } from '../sharing/grants.ts';
import { Recorder } from '../streaming/recorder.ts';
import { isStreamingError } from '../streaming/streaming-error.ts';
import { FAST, sourceGroups, useStreamingWorld, watcher } from '../streaming/streaming-parties.test-support.ts';
import type { WatchedFrame } from '../streaming/watch-frames.ts';
import { CONTACT_CERTIFICATE_CHANGED } from '../streaming/watch-client.ts';
import { sameSession } from '../transparency/compromised-server.test-support.ts';
import { isContactError, type ContactChange } from './contact-error.ts';
import { findContact, fingerprintHexOf } from './contact-rules.ts';
import { MemoryContactStore } from './contact-store.ts';
import { contactCodes, verifyContact } from './contact-verification.ts';

// [Note: verified contacts] over the real API. The compromised server holds the real
// intermediate CA key and logs what it issues, so the chain and the transparency log both
// accept its certificates; only what the two people compared stops it.

let streamId = '';
const world = useStreamingWorld(async (w) => {
  await createGrant(w.driver.client, w.driver.identity, { dispatcher: w.dispatcher.username, scope: 'all' });
  const recorder = await Recorder.start({ client: w.driver.client, identity: w.driver.identity, ingest: FAST });
  for (const group of sourceGroups(1).groups.slice(0, 2)) await recorder.push(group);
  await recorder.end();
  await recorder.close();
  streamId = recorder.streamId;
});

describe('verified contacts against a compromised server', () => {
  it('gives both sides the same safety code; a wrong code or payload marks nothing verified', async () => {
    const { driver, dispatcher } = world;
    const driverSide = await contactCodes(driver.client, driver.identity, dispatcher.username);
    const dispatcherSide = await contactCodes(dispatcher.client, dispatcher.identity, driver.username);
    expect(driverSide.safetyCode).toBe(dispatcherSide.safetyCode);
    expect(driverSide.safetyCode).toBe(
      await certificateSafetyCode(dispatcher.account.contents.encCertPem, driver.account.contents.sigCertPem),
    );
    expect(driverSide.check.status).toBe('unverified');
    expect(driverSide.ownPayload).toBe(`seccam-contact:1:${driver.username}:${await fingerprintHexOf(driver.identity.sigCertPem)}`);

    const wrongCode = driverSide.safetyCode.replace(/^\d/, (d) => String((Number(d) + 1) % 10));
    const wrongPayload = dispatcherSide.ownPayload.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
    for (const bad of [wrongCode, wrongPayload, driverSide.ownPayload]) {
      const error: unknown = await verifyContact(driver.client, driver.identity, dispatcher.username, bad).catch((e: unknown) => e);
      expect(isContactError(error, 'MISMATCH'), String(error)).toBe(true);
    }
    expect(await findContact(driver.client.contacts, driver.username, dispatcher.username)).toBeUndefined();

    // The driver types the code the dispatcher reads out; the dispatcher scans the driver's QR payload.
    const byCode = await verifyContact(driver.client, driver.identity, dispatcher.username, dispatcherSide.safetyCode.replaceAll(' ', ''));
    expect(byCode).toMatchObject({ owner: driver.username, role: 'dispatcher', method: 'code' });
    expect(byCode.fingerprintsHex).toEqual([await fingerprintHexOf(dispatcher.account.contents.encCertPem)]);
    const byQr = await verifyContact(dispatcher.client, dispatcher.identity, driver.username, driverSide.ownPayload);
    expect(byQr).toMatchObject({ owner: dispatcher.username, role: 'driver', method: 'qr' });
    expect((await contactCodes(driver.client, driver.identity, dispatcher.username)).check.status).toBe('verified');
  });

  it('logs a certificate for its own key in the dispatcher’s name: the driver who verified is asked before any wrap', async () => {
    const { api, driver, dispatcher } = world;
    const forged = await forgedCertificate(api, dispatcher, 'enc');
    await logCertificate(api, forged.certPem);
    await installCertificate(api, dispatcher, 'enc', forged);
    const grantsBefore = (await fetchGrants(driver.client)).length;

    const error: unknown = await createGrant(driver.client, driver.identity, { dispatcher: dispatcher.username, scope: 'all' }).catch(
      (e: unknown) => e,
    );
    expect(isContactError(error, 'CERTIFICATE_CHANGED'), String(error)).toBe(true);
    const change = (error as { change: ContactChange }).change;
    expect(change.verifiedFingerprintsHex).toEqual([await fingerprintHexOf(dispatcher.account.contents.encCertPem)]);
    expect(change.currentFingerprintHex).toBe(await fingerprintHexOf(forged.certPem));
    expect((error as Error).message).toMatch(new RegExp(`${dispatcher.username}'s certificate changed since you verified it`));
    expect((await fetchGrants(driver.client)).length).toBe(grantsBefore);
    // A confirmation of some other certificate is no confirmation.
    const wrongAccept: unknown = await createGrant(driver.client, driver.identity, {
      dispatcher: dispatcher.username,
      scope: 'all',
      acceptChangedCertificate: change.verifiedFingerprintsHex[0] ?? '',
    }).catch((e: unknown) => e);
    expect(isContactError(wrongAccept, 'CERTIFICATE_CHANGED')).toBe(true);
    // The pair's codes now differ: the dispatcher's side is computed from its real certificate.
    const codes = await contactCodes(driver.client, driver.identity, dispatcher.username);
    expect(codes.check.status).toBe('changed');
    expect(codes.safetyCode).not.toBe((await contactCodes(dispatcher.client, dispatcher.identity, driver.username)).safetyCode);

    // Another device of the driver, which never verified, signs a grant to it. The verified
    // device's recorder still never wraps to it: it skips the dispatcher and says why.
    const otherDevice = sameSession(driver, (o) => new HttpsClient(o), { contacts: new MemoryContactStore() });
    const forgedGrant = await createGrant(otherDevice, driver.identity, { dispatcher: dispatcher.username, scope: 'all' });
    expect(forgedGrant.grant.dispatcherEncSerial).toBe(normalizeSerialHex(forged.serialHex));
    const recorder = await Recorder.start({ client: driver.client, identity: driver.identity, ingest: FAST });
    const changes: ContactChange[] = [];
    recorder.on('contact-changed', (c) => changes.push(c));
    const published = await recorder.rotate('rekey');
    // The server lists both grants' certificates: the verified one gets the key, the forged one does not.
    expect(published.recipients).toEqual([driver.username, dispatcher.username]);
    expect(published.refused.map((r) => [r.username, r.contactChange?.currentFingerprintHex])).toEqual([
      [dispatcher.username, change.currentFingerprintHex],
    ]);
    expect(changes.map((c) => c.currentFingerprintHex)).toEqual([change.currentFingerprintHex]);
    expect(published.refused[0]?.reason).toMatch(/certificate changed since you verified it/);
    await recorder.close();

    // Accepting exactly the new certificate is an explicit decision, recorded as such.
    await createGrant(driver.client, driver.identity, {
      dispatcher: dispatcher.username,
      scope: 'streams',
      streamIds: [streamId],
      acceptChangedCertificate: change.currentFingerprintHex,
    });
    const contact = await findContact(driver.client.contacts, driver.username, dispatcher.username);
    expect(contact?.method).toBe('accepted');
    expect(contact?.fingerprintsHex.at(-1)).toBe(change.currentFingerprintHex);
  });

  it('roots a stream in a logged signing certificate in the driver’s name: the dispatcher who verified refuses it', async () => {
    const { api, driver, dispatcher } = world;
    const forged = await forgedCertificate(api, driver, 'sig');
    await logCertificate(api, forged.certPem);
    await installCertificate(api, driver, 'sig', forged);
    await editDatabase(api.db.database, 'UPDATE streams SET sig_cert_serial = $1 WHERE id = $2', [forged.serialHex, streamId]);

    const frames: WatchedFrame[] = [];
    const error: unknown = await watcher(dispatcher, streamId, frames)
      .start()
      .catch((e: unknown) => e);
    expect(isStreamingError(error, 'VERIFICATION'), String(error)).toBe(true);
    expect((error as { frameFailure?: { reason: string } }).frameFailure?.reason).toBe(CONTACT_CERTIFICATE_CHANGED);
    expect((error as Error).message).toMatch(new RegExp(`signed by a certificate in ${driver.username}'s name that you did not verify`));
    expect(frames).toEqual([]);

    // The same stream passes the chain and log checks for a viewer who verified no one: only the contact stops it.
    const unverified = {
      ...dispatcher,
      client: sameSession(dispatcher, (o) => new HttpsClient(o), { contacts: new MemoryContactStore() }),
    };
    const plain = watcher(unverified, streamId, [], { from: 'live' });
    await plain.start();
    await plain.close();
  });
});
