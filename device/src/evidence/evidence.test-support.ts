// Test support only (imported by *.test.ts): a CA, a driver and a dispatcher made with the real
// pki code, and a stream sealed the way a recording client seals it.
import {
  createIdentityCsrs,
  createIntermediateCa,
  createRootCa,
  decodePem,
  generateEpochKey,
  generateIdentityKeys,
  genesisPrevHash,
  importCertificatePublicKey,
  issueCertificate,
  sealFrame,
  signKeySet,
  signStatement,
  verifyCsr,
  wrapEpochKey,
  type CertificateAuthority,
  type CsrSubject,
  type EpochKey,
  type IdentityKeys,
  type IssuedCertificate,
  type SignedKeySet,
} from '@seccam/pki';
import { FrameFlags, bytesToBase64, type StreamInfoRecord } from '@seccam/schema';
import { groupIntoPayloads } from '../media/group-payloads.ts';
import type { DemuxedMedia } from '../media/demux-media.ts';
import { syntheticSource } from '../media/synthetic-source.ts';
import { appendExporterSignature, encodeEvidenceBody } from './evidence-file.ts';
import type { EvidenceManifest } from './evidence-manifest.ts';

export interface TestUser {
  readonly username: string;
  readonly keys: IdentityKeys;
  readonly sig: IssuedCertificate;
  readonly enc: IssuedCertificate;
}

export interface TestWorld {
  readonly root: CertificateAuthority;
  readonly intermediate: CertificateAuthority;
  readonly driver: TestUser;
  readonly dispatcher: TestUser;
}

export const DRIVER: CsrSubject = { username: 'alice', role: 'driver' };
export const DISPATCHER: CsrSubject = { username: 'acme-dispatch', role: 'dispatcher', organisation: 'Acme Insurance', country: 'DE' };

/** A platform CA (root + intermediate) named like the real one. */
export async function createCa(): Promise<{ root: CertificateAuthority; intermediate: CertificateAuthority }> {
  const root = await createRootCa({ commonName: 'SecCam Root CA', organisation: 'SecCam' });
  const intermediate = await createIntermediateCa(root, { commonName: 'SecCam Intermediate CA', organisation: 'SecCam' });
  return { root, intermediate };
}

export async function createUser(ca: CertificateAuthority, subject: CsrSubject): Promise<TestUser> {
  const keys = await generateIdentityKeys();
  const csrs = await createIdentityCsrs(subject, keys);
  const issue = async (pem: string, kind: 'sig' | 'enc'): Promise<IssuedCertificate> => {
    const check = await verifyCsr(pem, { ...subject, kind });
    if (!check.ok) throw new Error(`CSR refused: ${check.reason}`);
    return issueCertificate(ca, check.csr, { kind, role: subject.role });
  };
  return { username: subject.username, keys, sig: await issue(csrs.sigCsrPem, 'sig'), enc: await issue(csrs.encCsrPem, 'enc') };
}

export async function createWorld(): Promise<TestWorld> {
  const { root, intermediate } = await createCa();
  const [driver, dispatcher] = await Promise.all([createUser(intermediate, DRIVER), createUser(intermediate, DISPATCHER)]);
  return { root, intermediate, driver, dispatcher };
}

export interface TestStream {
  readonly streamId: string;
  readonly frames: Uint8Array[];
  readonly epochKeys: EpochKey[];
  /** Key sets wrapped to the driver and the dispatcher, signed by the driver. */
  readonly keySets: SignedKeySet[];
  /** The media that was sealed. */
  readonly media: DemuxedMedia;
  /** The title and start signed in its INIT frames. */
  readonly info: StreamInfoRecord;
}

export interface RecordOptions {
  readonly media?: DemuxedMedia;
  /** Groups per epoch (default 3). */
  readonly framesPerEpoch?: number;
  /** Seal the last frame with END (default true). */
  readonly end?: boolean;
  /** Who gets a wrapped key in each key set (default: the driver and the dispatcher). */
  readonly recipients?: readonly TestUser[];
}

/** Seals media into frames the way a recording client does: grouped, chained, a new epoch every few frames. */
export async function recordStream(world: Pick<TestWorld, 'driver' | 'dispatcher'>, options: RecordOptions = {}): Promise<TestStream> {
  const media =
    options.media ?? syntheticSource({ seconds: 0.9, fps: 10, keyframeEveryMs: 300, bytesPerFrame: 24, keyframeBytes: 40, seed: 3 });
  const framesPerEpoch = options.framesPerEpoch ?? 3;
  const streamId = crypto.randomUUID();
  const captureStartMs = Date.now() - 60_000;
  const info = { title: 'Evidence drive', startedAtMs: captureStartMs };
  const groups = groupIntoPayloads(media.tracks, media.packets, { captureStartMs, info });
  const certDer = decodePem(world.driver.sig.certPem, 'CERTIFICATE');
  let prevHash = await genesisPrevHash(streamId, certDer);
  const epochKeys: EpochKey[] = [];
  const frames: Uint8Array[] = [];
  for (const [seq, group] of groups.entries()) {
    const epoch = Math.floor(seq / framesPerEpoch);
    const epochKey = epochKeys[epoch] ?? (await generateEpochKey({ streamId, epoch }));
    epochKeys[epoch] = epochKey;
    const last = seq === groups.length - 1;
    const sealed = await sealFrame({
      streamId,
      epoch,
      seq,
      captureTs: group.captureTsMs,
      flags: last && options.end !== false ? group.flags | FrameFlags.END : group.flags,
      prevHash,
      payload: group.payload,
      epochKey,
      sigPrivateKey: world.driver.keys.sig.privateKey,
    });
    frames.push(sealed.frameBytes);
    prevHash = sealed.chainHash;
  }
  const recipients = options.recipients ?? [world.driver, world.dispatcher];
  const keySets = await Promise.all(epochKeys.map((key) => keySetFor(world, key, recipients)));
  return { streamId, frames, epochKeys, keySets, media, info };
}

async function keySetFor(world: Pick<TestWorld, 'driver'>, key: EpochKey, recipients: readonly TestUser[]): Promise<SignedKeySet> {
  const entries = await Promise.all(
    recipients.map(async (user) => ({
      recipient: user.enc.serialHex,
      wrappedKeyB64: bytesToBase64(await wrapEpochKey(key, await importCertificatePublicKey(user.enc.certPem, 'enc'))),
    })),
  );
  return signKeySet({ streamId: key.streamId, epoch: key.epoch, entries }, world.driver.keys.sig.privateKey);
}

/** A file assembled and signed by hand, for contents the builder refuses to write. */
export async function signedEvidenceFile(
  manifest: EvidenceManifest,
  frames: readonly Uint8Array[],
  exporterKey: CryptoKey,
): Promise<Uint8Array> {
  const body = encodeEvidenceBody(manifest, frames);
  return appendExporterSignature(body, await signStatement(body, exporterKey));
}
