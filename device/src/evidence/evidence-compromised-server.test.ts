import { describe, expect, it } from 'vitest';
import { Recorder } from '../streaming/recorder.ts';
import { exportStream } from '../streaming/stream-export.ts';
import { FAST, sourceGroups, useStreamingWorld } from '../streaming/streaming-parties.test-support.ts';
import { fetchPlatformLogKey } from '../transparency/platform-log.ts';
import { buildEvidenceExport, type BuildEvidenceInput } from './build-evidence.ts';
import { createUser, recordStream } from './evidence.test-support.ts';
import { signKnownCertificates } from './known-certificates.ts';
import { verifyEvidenceExport, type EvidenceVerification } from './verify-evidence.ts';

// Evidence against the real API, whose operator holds the real intermediate CA key. The driver's
// own export carries her certificate's log proof and her known-certificate list; the verifier,
// offline, pins the log key the platform published. Then the operator issues a signing
// certificate in the driver's name, logs it (so that every client accepts it) and fabricates a
// recording signed with it: the chain and the log proof pass, and only the driver's list tells
// that she never held that certificate ([Note: known certificates in evidence]).

const world = useStreamingWorld();

function failure(result: EvidenceVerification): string {
  return result.ok ? 'ok' : `${result.reason}: ${result.detail}`;
}

describe('evidence and a compromised server', () => {
  it('a driver’s own export shows her certificate’s log entry, proven in a head of the pinned log, and her list', async () => {
    const { driver } = world;
    const recorder = await Recorder.start({ client: driver.client, identity: driver.identity, ingest: FAST });
    for (const group of sourceGroups(1).groups.slice(0, 4)) await recorder.push(group);
    await recorder.end();
    await recorder.close();
    const { bytes } = await exportStream(driver.client, driver.identity, recorder.streamId, { discloseKeys: true });
    const platformLog = await fetchPlatformLogKey(driver.client);
    expect(platformLog.logIdHex).toBe(world.api.app.services.transparency.logIdHex);

    const result = await verifyEvidenceExport(bytes, { rootPem: driver.identity.anchors.rootPem, logIdHex: platformLog.logIdHex });
    if (!result.ok) expect.fail(failure(result));
    const logged = await world.api.app.services.transparency.logProof(driver.identity.sigCertPem);
    expect(result.report.log).toMatchObject({
      status: 'verified',
      entry: { leafIndex: logged?.leafIndex, logIdHex: platformLog.logIdHex },
    });
    expect(result.report.knownCertificates).toMatchObject({ count: 2, signedByExporter: true });
  });

  it('a recording signed with a certificate the server issued and logged in the driver’s name is flagged foreign-certificate', async () => {
    const { driver, api } = world;
    const impostor = await createUser(api.pki.issuer, { username: driver.username, role: 'driver' });
    const { db } = api.db.database;
    await db.transaction((tx) => api.app.services.transparency.appendIssued(tx as unknown as typeof db, [impostor.sig.certPem]));
    const proof = await api.app.services.transparency.logProof(impostor.sig.certPem);
    expect(proof).not.toBeNull();
    const fabricated = await recordStream({ driver: impostor, dispatcher: impostor }, { recipients: [impostor] });
    // What the driver's client exports when the server shows her this recording as hers: the
    // server's certificate and log proof, her own list from her bundle.
    const input: BuildEvidenceInput = {
      streamId: fabricated.streamId,
      frames: fabricated.frames,
      driverSigCertPem: impostor.sig.certPem,
      chainPems: driver.identity.anchors.intermediatePems,
      rootPem: driver.identity.anchors.rootPem,
      keys: { kind: 'disclosed', epochKeys: fabricated.epochKeys },
      exporter: { username: driver.username, sigCertPem: driver.identity.sigCertPem, sigPrivateKey: driver.identity.sigPrivateKey },
      driver: driver.username,
      driverCertLogProof: proof,
    };
    const options = { rootPem: driver.identity.anchors.rootPem, logIdHex: (await fetchPlatformLogKey(driver.client)).logIdHex };

    // Without the list, everything checks out: chain, frames, and a log entry of the pinned log.
    const unflagged = await verifyEvidenceExport(await buildEvidenceExport(input), options);
    if (!unflagged.ok) expect.fail(failure(unflagged));
    expect(unflagged.report.log).toMatchObject({ status: 'verified', entry: { leafIndex: proof?.leafIndex } });

    const list = await signKnownCertificates(driver.identity, [driver.identity.encCertPem]);
    const flagged = await verifyEvidenceExport(await buildEvidenceExport({ ...input, knownCertificates: list }), options);
    expect(failure(flagged)).toMatch(new RegExp(`^foreign-certificate: .* that ${driver.username} never held`));
  });
});
