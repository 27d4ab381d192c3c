/**
 * Evidence files for pictures and tests of the verifier page, made against the real API: a
 * recording of the real WebM fixture by a driver whose session the page already holds, exported
 * by the SDK with its keys disclosed, and a variant with one frame changed and the file signed
 * again by the exporter.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  decodeEvidenceFile,
  exportStream,
  groupIntoPayloads,
  identityFromBundle,
  Recorder,
  type Identity,
  type SeccamClient,
} from '@seccam/device';
import { HttpsClient, readMediaFile } from '@seccam/device/node';
import { openBundle, signStatement } from '@seccam/pki';
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
