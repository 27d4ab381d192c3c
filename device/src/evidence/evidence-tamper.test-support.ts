// Test support only: the files of the tamper tests ([Note: evidence tamper tests]).
//
// [Note: evidence tamper tests]
// The promise of an evidence file is that no byte of it can change unnoticed. The tamper tests
// flip one bit of every byte of a genuine wrapped-key export, one at a time, and require every
// variant to be refused; of the disclosed-key export, whose other sections are the same, they
// flip every byte of the key material. Most variants are refused by the exporter signature, so
// a further test lets the exporter re-sign after changing a frame (an exporter can always do
// that): the driver's own signatures and hash chain must still refuse the change. Every variant
// costs a certificate parse (≈ 2 ms), so the stream is small (3 epochs of 2 frames, key sets
// wrapped to the dispatcher alone) and the file is split between two test files, which run on
// separate workers.
import { buildEvidenceExport } from './build-evidence.ts';
import { createWorld, recordStream, type TestStream, type TestWorld } from './evidence.test-support.ts';
import { verifyEvidenceExport, type VerifyEvidenceOptions } from './verify-evidence.ts';
import { syntheticSource } from '../media/synthetic-source.ts';

export interface TamperFixture {
  readonly world: TestWorld;
  readonly stream: TestStream;
  /** Exported by the dispatcher with its wrapped keys. */
  readonly wrapped: Uint8Array;
  /** Exported by the driver with the epoch keys disclosed. */
  readonly disclosed: Uint8Array;
}

export async function createTamperFixture(): Promise<TamperFixture> {
  const world = await createWorld();
  const media = syntheticSource({ seconds: 0.6, fps: 10, keyframeEveryMs: 300, bytesPerFrame: 16, keyframeBytes: 24, seed: 5 });
  const stream = await recordStream(world, { media, framesPerEpoch: 2, recipients: [world.dispatcher] });
  const common = {
    streamId: stream.streamId,
    frames: stream.frames,
    driverSigCertPem: world.driver.sig.certPem,
    chainPems: [world.intermediate.certPem],
    rootPem: world.root.certPem,
    driver: world.driver.username,
  };
  const wrapped = await buildEvidenceExport({
    ...common,
    keys: { kind: 'wrapped', recipient: world.dispatcher.enc.serialHex, keySets: stream.keySets },
    exporter: {
      username: world.dispatcher.username,
      sigCertPem: world.dispatcher.sig.certPem,
      sigPrivateKey: world.dispatcher.keys.sig.privateKey,
    },
  });
  const disclosed = await buildEvidenceExport({
    ...common,
    keys: { kind: 'disclosed', epochKeys: stream.epochKeys },
    exporter: { username: world.driver.username, sigCertPem: world.driver.sig.certPem, sigPrivateKey: world.driver.keys.sig.privateKey },
  });
  return { world, stream, wrapped, disclosed };
}

/**
 * Flips the low bit of each byte in [from, to) in turn; returns the offsets whose variant was
 * accepted. A few variants are verified at once, so that WebCrypto work (run off the main
 * thread) overlaps with certificate parsing.
 */
export async function acceptedFlips(file: Uint8Array, options: VerifyEvidenceOptions, from = 0, to = file.byteLength): Promise<number[]> {
  const accepted: number[] = [];
  const batch = 8;
  for (let start = from; start < to; start += batch) {
    const offsets = Array.from({ length: Math.min(batch, to - start) }, (_, i) => start + i);
    const results = await Promise.all(
      offsets.map((offset) => {
        const variant = file.slice();
        variant[offset] = (variant[offset] ?? 0) ^ 0x01;
        return verifyEvidenceExport(variant, options);
      }),
    );
    results.forEach((result, i) => {
      if (result.ok) accepted.push(offsets[i] ?? -1);
    });
  }
  return accepted;
}

/** Where the wrapped export is split between the two tamper test files (they take similar time). */
export function splitPoint(file: Uint8Array): number {
  return Math.floor(file.byteLength * 0.5);
}

/** The byte range of the manifest's key material (`"keys":{…}`, the end of the manifest). */
export function keyMaterialRange(file: Uint8Array): { from: number; to: number } {
  const manifestLength = new DataView(file.buffer, file.byteOffset + 5, 4).getUint32(0);
  const manifest = new TextDecoder().decode(file.subarray(9, 9 + manifestLength));
  return { from: 9 + manifest.indexOf('"keys":'), to: 9 + manifestLength };
}
