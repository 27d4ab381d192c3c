/**
 * Evidence files for pictures and tests of the verifier page, made against the real API: a
 * recording of the real WebM fixture by a driver whose session the page already holds, exported
 * by the SDK with its keys disclosed, a variant with one frame changed and the file signed
 * again by the exporter, and a recording the compromised server signed with a certificate it
 * issued (and logged) in the driver's name.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildEvidenceExport,
  decodeEvidenceFile,
  exportStream,
  groupIntoPayloads,
  identityFromBundle,
  Recorder,
  signKnownCertificates,
  syntheticSource,
  type Identity,
  type SeccamClient,
} from '@seccam/device';
import { HttpsClient, readMediaFile } from '@seccam/device/node';
import {
  createIdentityCsrs,
  decodePem,
  generateEpochKey,
  generateIdentityKeys,
  genesisPrevHash,
  issueCertificate,
  openBundle,
  sealFrame,
  signStatement,
  verifyCsr,
} from '@seccam/pki';
import { FrameFlags } from '@seccam/schema';
import type { TestApi } from '@seccam/testkit';
import type { Page } from 'playwright-core';

const FIXTURE = fileURLToPath(new URL('../../../../device/fixtures/test-drive.webm', import.meta.url));

/** Frame `seq` with one bit of its signature flipped, and the whole file signed again by the exporter (who holds that key). */
export async function changeFrame(bytes: Uint8Array, seq: number, exporterKey: CryptoKey): Promise<Uint8Array> {
  const variant = bytes.slice();
  const frame = decodeEvidenceFile(variant).frames[seq];
  if (frame === undefined) throw new Error(`no frame ${seq}`);
  const last = frame.frameBytes.byteOffset - variant.byteOffset + frame.frameBytes.byteLength - 1;
  variant[last] = (variant[last] ?? 0) ^ 0x01;
  const bodyLength = variant.byteLength - 64;
  variant.set(await signStatement(variant.subarray(0, bodyLength), exporterKey), bodyLength);
  return variant;
}

/**
 * What the driver's client exports when the compromised server shows her a recording it made:
 * frames signed with a key of its own, under a `sig` certificate it issued in her name with the
 * real intermediate CA and logged (so that its log proof is genuine); her own list of the
 * certificates she holds makes the verifier flag it.
 */
export async function foreignCertificateExport(api: TestApi, driver: Identity): Promise<Uint8Array> {
  const subject = { username: driver.username, role: 'driver' as const };
  const keys = await generateIdentityKeys();
  const check = await verifyCsr((await createIdentityCsrs(subject, keys)).sigCsrPem, { ...subject, kind: 'sig' });
  if (!check.ok) throw new Error(`forged CSR refused: ${check.reason}`);
  const { certPem } = await issueCertificate(api.pki.issuer, check.csr, { kind: 'sig', role: 'driver' });
  const { db } = api.db.database;
  await db.transaction((tx) => api.app.services.transparency.appendIssued(tx as unknown as typeof db, [certPem]));
  const streamId = crypto.randomUUID();
  const media = syntheticSource({ seconds: 1, fps: 10, keyframeEveryMs: 500, bytesPerFrame: 40, keyframeBytes: 80, seed: 7 });
  const groups = groupIntoPayloads(media.tracks, media.packets, { captureStartMs: Date.now() - 10_000 });
  const epochKey = await generateEpochKey({ streamId, epoch: 0 });
  let prevHash = await genesisPrevHash(streamId, decodePem(certPem, 'CERTIFICATE'));
  const frames: Uint8Array[] = [];
  for (const [seq, group] of groups.entries()) {
    const last = seq === groups.length - 1;
    const sealed = await sealFrame({
      streamId,
      epoch: 0,
      seq,
      captureTs: group.captureTsMs,
      flags: last ? group.flags | FrameFlags.END : group.flags,
      prevHash,
      payload: group.payload,
      epochKey,
      sigPrivateKey: keys.sig.privateKey,
    });
    frames.push(sealed.frameBytes);
    prevHash = sealed.chainHash;
  }
  return buildEvidenceExport({
    streamId,
    frames,
    driverSigCertPem: certPem,
    chainPems: driver.anchors.intermediatePems,
    rootPem: driver.anchors.rootPem,
    keys: { kind: 'disclosed', epochKeys: [epochKey] },
    exporter: { username: driver.username, sigCertPem: driver.sigCertPem, sigPrivateKey: driver.sigPrivateKey },
    driver: driver.username,
    driverCertLogProof: await api.app.services.transparency.logProof(certPem),
    knownCertificates: await signKnownCertificates(driver, [driver.encCertPem]),
  });
}

/** Records the fixture as `identity` with the signed stream info (title, start) in its INIT payloads, up to a signed END. */
export async function recordSignedFixture(client: SeccamClient, identity: Identity, title: string): Promise<Recorder> {
  const media = await readMediaFile(FIXTURE);
  const startedAtMs = Date.now();
  const recorder = await Recorder.start({ client, identity, title });
  const groups = groupIntoPayloads(media.tracks, media.packets, { captureStartMs: startedAtMs, info: { title, startedAtMs } });
  for (const group of groups) await recorder.push(group);
  await recorder.end();
  return recorder;
}

export interface SignedInDriver {
  readonly username: string;
  readonly bundlePath: string;
  readonly password: string;
}

/**
 * Records the fixture as `driver`, on the session the page signed in with (its cookie), and
 * writes `<dir>/dashcam-evidence.scex` (keys disclosed) and `<dir>/dashcam-evidence-changed.scex`
 * (frame 5 changed, re-signed). Answers both paths.
 */
export async function writeEvidenceFiles(
  page: Page,
  api: TestApi,
  origin: string,
  driver: SignedInDriver,
  dir: string,
): Promise<{ readonly genuine: string; readonly changed: string }> {
  const client = new HttpsClient({ baseUrl: api.baseUrl, ca: api.pki.rootPem, origin });
  for (const cookie of await page.context().cookies(origin)) client.cookies.set(cookie.name, cookie.value);
  const contents = await openBundle(await readFile(driver.bundlePath, 'utf8'), { username: driver.username, password: driver.password });
  const identity = await identityFromBundle(contents);
  const recorder = await recordSignedFixture(client, identity, 'morning drive');
  const disclosed = (await exportStream(client, identity, recorder.streamId, { discloseKeys: true })).bytes;
  await recorder.close();
  const genuine = join(dir, 'dashcam-evidence.scex');
  const changed = join(dir, 'dashcam-evidence-changed.scex');
  await writeFile(genuine, disclosed);
  await writeFile(changed, await changeFrame(disclosed, 5, identity.sigPrivateKey));
  return { genuine, changed };
}
