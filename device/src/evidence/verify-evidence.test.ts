import { beforeAll, describe, expect, it } from 'vitest';
import { createCrl, exportEpochKey, signKeySet } from '@seccam/pki';
import { bytesToBase64 } from '@seccam/schema';
import { FIXTURE_PATH, packetSummary } from '../media/media-fixtures.test-support.ts';
import { readMediaFile } from '../node/read-media-file.ts';
import { writeWebm } from '../media/write-webm.ts';
import { buildEvidenceExport, type BuildEvidenceInput } from './build-evidence.ts';
import { EvidenceError } from './evidence-error.ts';
import { appendExporterSignature, decodeEvidenceFile, encodeEvidenceBody } from './evidence-file.ts';
import {
  createCa,
  createUser,
  createWorld,
  DRIVER,
  recordStream,
  signedEvidenceFile,
  type TestStream,
  type TestWorld,
} from './evidence.test-support.ts';
import { verifyEvidenceExport, type EvidenceVerification } from './verify-evidence.ts';

let world: TestWorld;
let stream: TestStream;

beforeAll(async () => {
  world = await createWorld();
  stream = await recordStream(world);
});

/** An export of `stream` by the dispatcher, with key sets wrapped to the dispatcher. */
function wrappedInput(overrides: Partial<BuildEvidenceInput> = {}): BuildEvidenceInput {
  return {
    streamId: stream.streamId,
    frames: stream.frames,
    driverSigCertPem: world.driver.sig.certPem,
    chainPems: [world.intermediate.certPem],
    rootPem: world.root.certPem,
    keys: { kind: 'wrapped', recipient: world.dispatcher.enc.serialHex, keySets: stream.keySets },
    exporter: {
      username: world.dispatcher.username,
      sigCertPem: world.dispatcher.sig.certPem,
      sigPrivateKey: world.dispatcher.keys.sig.privateKey,
    },
    driver: world.driver.username,
    ...overrides,
  };
}

/** An export of `stream` by the driver, disclosing the epoch keys. */
function disclosedInput(overrides: Partial<BuildEvidenceInput> = {}): BuildEvidenceInput {
  return wrappedInput({
    keys: { kind: 'disclosed', epochKeys: stream.epochKeys },
    exporter: { username: world.driver.username, sigCertPem: world.driver.sig.certPem, sigPrivateKey: world.driver.keys.sig.privateKey },
    ...overrides,
  });
}

function expectFailure(result: EvidenceVerification, reason: string, seq?: number): void {
  expect(result.ok ? 'ok' : `${result.reason}: ${result.detail}`).toMatch(new RegExp(`^${reason}: `));
  if (seq !== undefined && !result.ok) expect(result.seq).toBe(seq);
}

describe('verifyEvidenceExport', () => {
  it('verifies a wrapped export with the recipient enc key and returns the media', async () => {
    const createdAt = new Date(Date.now() - 1234);
    const file = await buildEvidenceExport(wrappedInput({ createdAt }));
    const result = await verifyEvidenceExport(file, { rootPem: world.root.certPem, encPrivateKey: world.dispatcher.keys.enc.privateKey });
    if (!result.ok) throw new Error(`${result.reason}: ${result.detail}`);
    expect(result.report).toMatchObject({
      streamId: stream.streamId,
      driver: 'alice',
      driverCertSerial: world.driver.sig.serialHex,
      exporter: 'acme-dispatch',
      exporterCertSerial: world.dispatcher.sig.serialHex,
      exportedAt: createdAt.toISOString(),
      frames: stream.frames.length,
      firstSeq: 0,
      lastSeq: stream.frames.length - 1,
      ended: 'signed',
      epochs: [0, 1, 2],
      keys: 'wrapped',
      decrypted: true,
    });
    expect(result.info).toEqual(stream.info);
    expect(result.tracks).toEqual(stream.media.tracks);
    expect(result.packets.map(packetSummary)).toEqual(stream.media.packets.map(packetSummary));
  });

  it('verifies a disclosed export with no private key at all', async () => {
    const result = await verifyEvidenceExport(await buildEvidenceExport(disclosedInput()), { rootPem: world.root.certPem });
    if (!result.ok) throw new Error(`${result.reason}: ${result.detail}`);
    expect(result.report).toMatchObject({ exporter: 'alice', keys: 'disclosed', decrypted: true, ended: 'signed' });
    expect(result.packets.map(packetSummary)).toEqual(stream.media.packets.map(packetSummary));
  });

  it('checks authenticity without decrypting when the verifier holds no key', async () => {
    const result = await verifyEvidenceExport(await buildEvidenceExport(wrappedInput()), { rootPem: world.root.certPem });
    if (!result.ok) throw new Error(`${result.reason}: ${result.detail}`);
    expect(result.report.decrypted).toBe(false);
    expect(result.packets).toEqual([]);
  });

  it('reports a stream without END as ended unsigned', async () => {
    const open = await recordStream(world, { end: false, framesPerEpoch: 100 });
    const file = await buildEvidenceExport(
      disclosedInput({ streamId: open.streamId, frames: open.frames, keys: { kind: 'disclosed', epochKeys: open.epochKeys } }),
    );
    const result = await verifyEvidenceExport(file, { rootPem: world.root.certPem });
    expect(result.ok && result.report).toMatchObject({ ended: 'unsigned', lastSeq: open.frames.length - 1, epochs: [0] });
  });

  it('round-trips real media into a playable WebM', async () => {
    const media = await readMediaFile(FIXTURE_PATH);
    const recorded = await recordStream(world, { media, framesPerEpoch: 20 });
    const file = await buildEvidenceExport(
      disclosedInput({ streamId: recorded.streamId, frames: recorded.frames, keys: { kind: 'disclosed', epochKeys: recorded.epochKeys } }),
    );
    const result = await verifyEvidenceExport(file, { rootPem: world.root.certPem });
    if (!result.ok) throw new Error(`${result.reason}: ${result.detail}`);
    const replayed = await readMediaFile(await writeWebm(result.tracks, result.packets));
    expect(replayed.packets.map((packet) => packetSummary(packet).data)).toEqual(media.packets.map((packet) => packetSummary(packet).data));
  });

  it('refuses a pinned root other than the file’s, and a file naming another root', async () => {
    const file = await buildEvidenceExport(wrappedInput());
    const other = await createCa();
    expectFailure(await verifyEvidenceExport(file, { rootPem: other.root.certPem }), 'untrusted-certificate');
    const renamed = await buildEvidenceExport(wrappedInput({ rootPem: other.root.certPem }));
    expectFailure(await verifyEvidenceExport(renamed, { rootPem: world.root.certPem }), 'untrusted-certificate');
  });

  it('refuses a recording signed under a look-alike CA, and a driver certificate swapped in', async () => {
    const fake = await createCa();
    const impostor = await createUser(fake.intermediate, DRIVER);
    const forged = await recordStream({ ...world, driver: impostor });
    const file = await buildEvidenceExport(
      disclosedInput({
        streamId: forged.streamId,
        frames: forged.frames,
        driverSigCertPem: impostor.sig.certPem,
        chainPems: [fake.intermediate.certPem],
        keys: { kind: 'disclosed', epochKeys: forged.epochKeys },
      }),
    );
    expectFailure(await verifyEvidenceExport(file, { rootPem: world.root.certPem }), 'untrusted-certificate');
    // The genesis hash commits to the driver certificate: another one breaks the chain at once.
    const swapped = await buildEvidenceExport(disclosedInput({ driverSigCertPem: world.dispatcher.sig.certPem }));
    expectFailure(await verifyEvidenceExport(swapped, { rootPem: world.root.certPem }), 'chain', 0);
  });

  it('refuses a driver certificate revoked before the recording, and a wrong driver name', async () => {
    const revokedAt = new Date(Date.now() - 3_600_000);
    const crl = await createCrl(world.intermediate, [{ serialHex: world.driver.sig.serialHex, revokedAt }]);
    const file = await buildEvidenceExport(wrappedInput());
    expectFailure(await verifyEvidenceExport(file, { rootPem: world.root.certPem, crlPems: [crl] }), 'untrusted-certificate');
    const clean = await createCrl(world.intermediate, []);
    expect((await verifyEvidenceExport(file, { rootPem: world.root.certPem, crlPems: [clean] })).ok).toBe(true);
    const misnamed = await buildEvidenceExport(wrappedInput({ driver: 'mallory' }));
    expectFailure(await verifyEvidenceExport(misnamed, { rootPem: world.root.certPem }), 'untrusted-certificate');
  });

  it('reports an omitted, a swapped and a foreign frame at its seq', async () => {
    const manifest = decodeEvidenceFile(await buildEvidenceExport(disclosedInput())).manifest;
    const key = world.driver.keys.sig.privateKey;
    const [f0, f1, f2, ...rest] = stream.frames;
    if (f0 === undefined || f1 === undefined || f2 === undefined) throw new Error('fixture');
    const omitted = await signedEvidenceFile({ ...manifest, frameCount: stream.frames.length - 1 }, [f0, f2, ...rest], key);
    expectFailure(await verifyEvidenceExport(omitted, { rootPem: world.root.certPem }), 'gap', 2);
    const swapped = await signedEvidenceFile(manifest, [f0, f2, f1, ...rest], key);
    expectFailure(await verifyEvidenceExport(swapped, { rootPem: world.root.certPem }), 'order', 2);
    const other = await recordStream(world);
    const foreign = await signedEvidenceFile(manifest, [f0, other.frames[1] ?? f1, f2, ...rest], key);
    expectFailure(await verifyEvidenceExport(foreign, { rootPem: world.root.certPem }), 'stream', 1);
  });

  it('refuses key material that is not the driver’s, not for this recipient, or not for these epochs', async () => {
    const wrapped = await buildEvidenceExport(wrappedInput());
    expectFailure(
      await verifyEvidenceExport(wrapped, { rootPem: world.root.certPem, encPrivateKey: world.driver.keys.enc.privateKey }),
      'key',
    );
    const manifest = decodeEvidenceFile(wrapped).manifest;
    const key = world.dispatcher.keys.sig.privateKey;
    const forged = await Promise.all(stream.keySets.map((set) => signKeySet(set, world.dispatcher.keys.sig.privateKey)));
    const forgedFile = await signedEvidenceFile(
      { ...manifest, keys: { kind: 'wrapped', recipient: world.dispatcher.enc.serialHex, keySets: forged } },
      stream.frames,
      key,
    );
    expectFailure(await verifyEvidenceExport(forgedFile, { rootPem: world.root.certPem }), 'key');
    const fewer = await signedEvidenceFile(
      { ...manifest, keys: { kind: 'wrapped', recipient: world.dispatcher.enc.serialHex, keySets: stream.keySets.slice(0, 2) } },
      stream.frames,
      key,
    );
    expectFailure(await verifyEvidenceExport(fewer, { rootPem: world.root.certPem }), 'key');
  });

  it('reports a wrong disclosed secret as decrypt at the first frame of its epoch', async () => {
    const manifest = decodeEvidenceFile(await buildEvidenceExport(disclosedInput())).manifest;
    const epochs = stream.epochKeys.map((key) => ({ epoch: key.epoch, secretB64: bytesToBase64(exportEpochKey(key)) }));
    epochs[1] = { epoch: 1, secretB64: bytesToBase64(new Uint8Array(32).fill(9)) };
    const file = await signedEvidenceFile(
      { ...manifest, keys: { kind: 'disclosed', epochs } },
      stream.frames,
      world.driver.keys.sig.privateKey,
    );
    expectFailure(await verifyEvidenceExport(file, { rootPem: world.root.certPem }), 'decrypt', 3);
  });

  it('refuses a file changed after export by its exporter signature', async () => {
    const file = decodeEvidenceFile(await buildEvidenceExport(wrappedInput()));
    const later = { ...file.manifest, exportedAt: new Date(Date.parse(file.manifest.exportedAt) + 1).toISOString() };
    const changed = appendExporterSignature(
      encodeEvidenceBody(
        later,
        file.frames.map((frame) => frame.frameBytes),
      ),
      file.exporterSignature,
    );
    expectFailure(await verifyEvidenceExport(changed, { rootPem: world.root.certPem }), 'export-signature');
  });

  it('refuses truncated and extended files as malformed', async () => {
    const file = await buildEvidenceExport(disclosedInput());
    for (const length of [0, 3, 4, 9, 100, file.byteLength - 65, file.byteLength - 64, file.byteLength - 1]) {
      expectFailure(await verifyEvidenceExport(file.subarray(0, length), { rootPem: world.root.certPem }), 'malformed');
    }
    const extended = new Uint8Array(file.byteLength + 1);
    extended.set(file);
    expectFailure(await verifyEvidenceExport(extended, { rootPem: world.root.certPem }), 'malformed');
  });

  it('names the container error code of a malformed file', async () => {
    const file = await buildEvidenceExport(disclosedInput());
    const codeOf = async (bytes: Uint8Array) => {
      const result = await verifyEvidenceExport(bytes, { rootPem: world.root.certPem });
      return result.ok ? 'ok' : result.code;
    };
    expect(await codeOf(new TextEncoder().encode('not evidence at all'))).toBe('BAD_MAGIC');
    expect(await codeOf(file.subarray(0, file.byteLength - 1))).toBe('TRUNCATED');
    const extended = new Uint8Array(file.byteLength + 1);
    extended.set(file);
    expect(await codeOf(extended)).toBe('TRAILING_BYTES');
    const otherVersion = file.slice();
    otherVersion[4] = 3;
    expect(await codeOf(otherVersion)).toBe('BAD_VERSION');
  });

  it('reports progress frame by frame: the chain first, then decryption', async () => {
    const file = await buildEvidenceExport(disclosedInput());
    const seen: string[] = [];
    const result = await verifyEvidenceExport(file, {
      rootPem: world.root.certPem,
      onProgress: (p) => seen.push(`${p.step} ${p.done}/${p.total}`),
    });
    expect(result.ok).toBe(true);
    const n = stream.frames.length;
    const steps = (step: string) => Array.from({ length: n }, (_, i) => `${step} ${i + 1}/${n}`);
    expect(seen).toEqual([...steps('frames'), ...steps('media')]);
  });
});

describe('buildEvidenceExport', () => {
  it('refuses inputs that cannot make a valid export', async () => {
    const refuse = async (input: BuildEvidenceInput): Promise<void> => {
      await expect(buildEvidenceExport(input)).rejects.toThrow(EvidenceError);
    };
    await refuse(wrappedInput({ frames: [] }));
    await refuse(wrappedInput({ frames: stream.frames.slice(1) })); // does not start at seq 0
    await refuse(wrappedInput({ streamId: crypto.randomUUID() }));
    await refuse(wrappedInput({ keys: { kind: 'wrapped', recipient: world.dispatcher.enc.serialHex, keySets: stream.keySets.slice(1) } }));
    await refuse(wrappedInput({ keys: { kind: 'wrapped', recipient: 'abcdef', keySets: stream.keySets } }));
    await refuse(disclosedInput({ keys: { kind: 'disclosed', epochKeys: stream.epochKeys.slice(0, 2) } }));
    await refuse(wrappedInput({ driver: 'not|a name' }));
    await refuse(wrappedInput({ chainPems: ['not a pem'] }));
  });
});
