import { beforeAll, describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64 } from '@seccam/schema';
import { buildEvidenceExport, type BuildEvidenceInput } from './build-evidence.ts';
import { decodeEvidenceFile, encodeEvidenceBody, appendExporterSignature } from './evidence-file.ts';
import type { EvidenceLogProof } from './evidence-log.ts';
import { TestLog } from '../transparency/test-log.test-support.ts';
import type { EvidenceManifest } from './evidence-manifest.ts';
import { createUser, createWorld, DRIVER, recordStream, type TestStream, type TestWorld } from './evidence.test-support.ts';
import { signKnownCertificates, type KnownCertificates } from './known-certificates.ts';
import { verifyEvidenceExport, type EvidenceVerification } from './verify-evidence.ts';
import { signStatement } from '@seccam/pki';

// The driver certificate's log proof and the driver's known-certificate list in an evidence
// file, checked offline against a log run in the test ([Note: log proof in evidence],
// [Note: known certificates in evidence]). Every altered file is signed again by its exporter,
// so only the log and list checks can catch the change.

let world: TestWorld;
let stream: TestStream;
let log: TestLog;
let driverLeaf: number;
let dispatcherLeaf: number;

beforeAll(async () => {
  world = await createWorld();
  stream = await recordStream(world);
  log = await TestLog.create();
  for (let n = 0; n < 3; n++) await log.appendOther(n);
  driverLeaf = await log.appendCertificate(world.driver.sig.certPem);
  dispatcherLeaf = await log.appendCertificate(world.dispatcher.sig.certPem);
  for (let n = 3; n < 6; n++) await log.appendOther(n);
});

const driverSigner = () => ({
  username: world.driver.username,
  sigCertPem: world.driver.sig.certPem,
  sigPrivateKey: world.driver.keys.sig.privateKey,
});

/** The driver's export of `recorded` (default: her own stream) with its keys disclosed and the log proof of `certPem`. */
async function exportInput(
  recorded: TestStream = stream,
  certPem = world.driver.sig.certPem,
  leaf = driverLeaf,
): Promise<BuildEvidenceInput> {
  return {
    streamId: recorded.streamId,
    frames: recorded.frames,
    driverSigCertPem: certPem,
    chainPems: [world.intermediate.certPem],
    rootPem: world.root.certPem,
    keys: { kind: 'disclosed', epochKeys: recorded.epochKeys },
    exporter: driverSigner(),
    driver: world.driver.username,
    driverCertLogProof: await log.proof(leaf),
  };
}

/** The driver's list of the certificates she holds, from her own record. */
const ownList = (): Promise<KnownCertificates> => signKnownCertificates(driverSigner(), [world.driver.enc.certPem]);

/** The driver exports her own stream with the log proof and her known-certificate list. */
async function ownExport(overrides: Partial<BuildEvidenceInput> = {}): Promise<Uint8Array> {
  return buildEvidenceExport({ ...(await exportInput()), knownCertificates: await ownList(), ...overrides });
}

/** `bytes` with its manifest changed by `change` and signed again by the driver (the exporter). */
async function resigned(
  bytes: Uint8Array,
  change: (manifest: EvidenceManifest) => EvidenceManifest,
  version: 1 | 2 = 2,
): Promise<Uint8Array> {
  const file = decodeEvidenceFile(bytes);
  const body = encodeEvidenceBody(
    change(file.manifest),
    file.frames.map((frame) => frame.frameBytes),
    version,
  );
  return appendExporterSignature(body, await signStatement(body, world.driver.keys.sig.privateKey));
}

function withProof(change: (proof: EvidenceLogProof) => EvidenceLogProof): (manifest: EvidenceManifest) => EvidenceManifest {
  return (manifest) => {
    if (manifest.driverCertLog === undefined) throw new Error('the export has no log proof');
    return { ...manifest, driverCertLog: change(manifest.driverCertLog) };
  };
}

/** Verifies against the test CA's root and the pinned log id (null: none pinned). */
function verify(bytes: Uint8Array, logIdHex: string | null = log.logIdHex): Promise<EvidenceVerification> {
  return verifyEvidenceExport(bytes, { rootPem: world.root.certPem, ...(logIdHex === null ? {} : { logIdHex }) });
}

function failure(result: EvidenceVerification): string {
  return result.ok ? 'ok' : `${result.reason}: ${result.detail}`;
}

function flipFirstByte(b64: string): string {
  const bytes = base64ToBytes(b64);
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  return bytesToBase64(bytes);
}

describe('the log proof in an evidence file', () => {
  it('verifies against the pinned log id and reports the entry: index, tree size, head time, log id', async () => {
    const result = await verify(await ownExport());
    if (!result.ok) expect.fail(failure(result));
    expect(result.report.version).toBe(2);
    expect(result.report.log).toEqual({
      status: 'verified',
      entry: {
        leafIndex: driverLeaf,
        leafHashHex: expect.stringMatching(/^[0-9a-f]{64}$/) as string,
        treeSize: 8,
        headTimestamp: '2026-12-04T12:00:00.000Z',
        logIdHex: log.logIdHex,
      },
    });
  });

  it('reports a proof checked only with the file’s own key as unpinned, and a file without one as no log proof', async () => {
    const unpinned = await verify(await ownExport(), null);
    expect(unpinned.ok && unpinned.report.log.status).toBe('unpinned');
    const none = await verify(await ownExport({ driverCertLogProof: null }));
    expect(none.ok && none.report.log).toEqual({ status: 'none' });
    // An older export (format version 1) still verifies, as one without a log proof.
    const v1 = await resigned(await ownExport({ driverCertLogProof: null, knownCertificates: undefined }), (m) => m, 1);
    expect(decodeEvidenceFile(v1).version).toBe(1);
    const old = await verify(v1);
    if (!old.ok) expect.fail(failure(old));
    expect(old.report).toMatchObject({ version: 1, log: { status: 'none' }, knownCertificates: null, ended: 'signed' });
  });

  it('refuses a changed proof byte, a moved index, a head of another size, and the entry of another certificate', async () => {
    const genuine = await ownExport();
    const pathChanged = await resigned(
      genuine,
      withProof((p) => ({ ...p, auditPathB64: [flipFirstByte(p.auditPathB64[0] ?? ''), ...p.auditPathB64.slice(1)] })),
    );
    expect(failure(await verify(pathChanged))).toMatch(/^log-proof: .*\(root-mismatch\)/);
    const moved = await resigned(
      genuine,
      withProof((p) => ({ ...p, leafIndex: p.leafIndex + 1 })),
    );
    expect(failure(await verify(moved))).toMatch(/^log-proof: /);
    // A genuine head the log signed, but not the one the path was made for.
    const olderHead = (await log.proof(driverLeaf, driverLeaf + 2)).treeHead;
    const wrongHead = await resigned(
      genuine,
      withProof((p) => ({ ...p, treeHead: { ...olderHead, timestamp: new Date(olderHead.timestamp).toISOString() } })),
    );
    expect(failure(await verify(wrongHead))).toMatch(/^log-proof: .*\(root-mismatch\)/);
    // The real head with another size claimed: its signature no longer verifies.
    const sizeChanged = await resigned(
      genuine,
      withProof((p) => ({ ...p, treeHead: { ...p.treeHead, treeSize: p.treeHead.treeSize + 1 } })),
    );
    expect(failure(await verify(sizeChanged))).toMatch(/^log-signature: /);
    // The dispatcher's entry and its valid proof, put beside the driver's certificate.
    const otherEntry = await buildEvidenceExport({
      streamId: stream.streamId,
      frames: stream.frames,
      driverSigCertPem: world.dispatcher.sig.certPem,
      chainPems: [],
      rootPem: world.root.certPem,
      keys: { kind: 'disclosed', epochKeys: stream.epochKeys },
      exporter: driverSigner(),
      driver: world.driver.username,
      driverCertLogProof: await log.proof(dispatcherLeaf),
    }).then((bytes) => decodeEvidenceFile(bytes).manifest.driverCertLog);
    if (otherEntry === undefined) throw new Error('no proof');
    const swapped = await resigned(genuine, (m) => ({ ...m, driverCertLog: otherEntry }));
    expect(failure(await verify(swapped))).toMatch(/^log-entry-mismatch: log entry 4 is not the driver's signing certificate/);
    // The right leaf hash with the other certificate's path and index: the path does not lead there.
    const otherPath = await resigned(
      genuine,
      withProof((p) => ({ ...otherEntry, leafHashB64: p.leafHashB64 })),
    );
    expect(failure(await verify(otherPath))).toMatch(/^log-proof: /);
  });

  it('refuses a head signature that does not verify, and heads of a log other than the pinned one', async () => {
    const genuine = await ownExport();
    const rootChanged = await resigned(
      genuine,
      withProof((p) => ({ ...p, treeHead: { ...p.treeHead, rootHashB64: flipFirstByte(p.treeHead.rootHashB64) } })),
    );
    expect(failure(await verify(rootChanged))).toMatch(/^log-signature: the tree head is not signed by the log key/);
    const signatureChanged = await resigned(
      genuine,
      withProof((p) => ({ ...p, treeHead: { ...p.treeHead, signatureB64: flipFirstByte(p.treeHead.signatureB64) } })),
    );
    expect(failure(await verify(signatureChanged))).toMatch(/^log-signature: /);
    // Another log (its own key, a valid head and proof of the same certificate): not the pinned log.
    const other = await TestLog.create();
    const otherLeaf = await other.appendCertificate(world.driver.sig.certPem);
    const otherLog = await ownExport({ driverCertLogProof: await other.proof(otherLeaf) });
    expect(failure(await verify(otherLog))).toMatch(/^log-unknown-key: the tree head is from log [0-9a-f]{64}, not the pinned log/);
    expect((await verify(otherLog, other.logIdHex)).ok).toBe(true);
    // The pinned log's id on the head, with another key to check it by.
    const keySwapped = await resigned(
      genuine,
      withProof((p) => ({ ...p, treeHead: { ...p.treeHead, logPublicKeyPem: other.publicKeyPem } })),
    );
    expect(failure(await verify(keySwapped))).toMatch(/^log-unknown-key: the log key in the file has id/);
    // Unpinned, a damaged proof is refused all the same.
    expect(failure(await verify(rootChanged, null))).toMatch(/^log-signature: /);
  });
});

describe('the driver’s known-certificate list', () => {
  it('is reported when it lists the frames’ certificate, signed by the driver who exported', async () => {
    const result = await verify(await ownExport());
    if (!result.ok) expect.fail(failure(result));
    expect(result.report.knownCertificates).toEqual({
      at: expect.stringMatching(/Z$/) as string,
      count: 2,
      signerCertSerial: world.driver.sig.serialHex,
      signedByExporter: true,
    });
  });

  it('flags frames signed with a certificate the driver never held: foreign-certificate', async () => {
    // A second certificate in the driver's name (what a CA-key holder can issue), logged, and a stream signed with it.
    const impostor = await createUser(world.intermediate, DRIVER);
    const forgedStream = await recordStream({ ...world, driver: impostor });
    const leaf = await log.appendCertificate(impostor.sig.certPem);
    const input = await exportInput(forgedStream, impostor.sig.certPem, leaf);
    // Without the list the forgery verifies, log proof and all: only the driver can tell.
    const unflagged = await verify(await buildEvidenceExport(input));
    expect(unflagged.ok && unflagged.report.log.status).toBe('verified');
    const flagged = await verify(await buildEvidenceExport({ ...input, knownCertificates: await ownList() }));
    expect(failure(flagged)).toMatch(
      new RegExp(
        `^foreign-certificate: the frames are signed with a certificate \\(SHA-256 [0-9a-f]{64}\\) that ${world.driver.username} never held`,
      ),
    );
  });

  it('refuses a list that is not the driver’s own: another holder, a changed signature or fingerprint, a signer not on it', async () => {
    const genuine = await ownExport();
    const withList = (change: (list: KnownCertificates) => KnownCertificates) => (m: EvidenceManifest) => {
      if (m.knownCertificates === undefined) throw new Error('no list');
      return { ...m, knownCertificates: change(m.knownCertificates) };
    };
    const dispatcherList = await signKnownCertificates(
      {
        username: world.dispatcher.username,
        sigCertPem: world.dispatcher.sig.certPem,
        sigPrivateKey: world.dispatcher.keys.sig.privateKey,
      },
      [world.driver.sig.certPem],
    );
    expect(failure(await verify(await resigned(genuine, (m) => ({ ...m, knownCertificates: dispatcherList }))))).toMatch(
      /^known-certificates: the known-certificate list is acme-dispatch/,
    );
    const badSignature = await resigned(
      genuine,
      withList((l) => ({ ...l, signatureB64: flipFirstByte(l.signatureB64) })),
    );
    expect(failure(await verify(badSignature))).toMatch(/^known-certificates: the known-certificate list signature does not verify/);
    const widened = await resigned(
      genuine,
      withList((l) => ({ ...l, certificateSha256Hex: [...l.certificateSha256Hex, 'ff'.repeat(32)].sort() })),
    );
    expect(failure(await verify(widened))).toMatch(/^known-certificates: the known-certificate list signature does not verify/);
    // A list signed by a certificate outside the platform's CA, in the driver's name.
    const outsider = await createUser((await createWorld()).intermediate, DRIVER);
    const outsiderList = await signKnownCertificates(
      { username: outsider.username, sigCertPem: outsider.sig.certPem, sigPrivateKey: outsider.keys.sig.privateKey },
      [world.driver.sig.certPem],
    );
    expect(failure(await verify(await resigned(genuine, (m) => ({ ...m, knownCertificates: outsiderList }))))).toMatch(
      /^known-certificates: the known-certificate list's signer: driver certificate: /,
    );
    const notSelfListed = await resigned(
      genuine,
      withList((l) => ({ ...l, signerCertPem: world.driver.enc.certPem })),
    );
    expect(failure(await verify(notSelfListed))).toMatch(/^known-certificates: /);
  });
});
