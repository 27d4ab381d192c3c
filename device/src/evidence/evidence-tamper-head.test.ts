import { beforeAll, describe, expect, it } from 'vitest';
import { FRAME_HEADER_BYTES, SIGNATURE_BYTES } from '@seccam/schema';
import { decodeEvidenceFile } from './evidence-file.ts';
import { acceptedFlips, createTamperFixture, splitPoint, type TamperFixture } from './evidence-tamper.test-support.ts';
import { signedEvidenceFile } from './evidence.test-support.ts';
import { verifyEvidenceExport } from './verify-evidence.ts';

// [Note: evidence tamper tests]; the rest of the file is in evidence-tamper-tail.test.ts.
let fixture: TamperFixture;

beforeAll(async () => {
  fixture = await createTamperFixture();
});

const FRAME_REASONS = new Set(['malformed', 'stream', 'duplicate', 'order', 'after-end', 'gap', 'epoch', 'chain', 'signature']);

describe('evidence tampering (head)', () => {
  it('refuses a change to any single byte of the first part of a wrapped export', async () => {
    const options = { rootPem: fixture.world.root.certPem, encPrivateKey: fixture.world.dispatcher.keys.enc.privateKey };
    expect((await verifyEvidenceExport(fixture.wrapped, options)).ok).toBe(true);
    expect(await acceptedFlips(fixture.wrapped, options, 0, splitPoint(fixture.wrapped))).toEqual([]);
  });

  it('refuses frame changes the exporter re-signed, by the driver’s signatures and chain', async () => {
    const file = decodeEvidenceFile(fixture.disclosed);
    const last = file.frames.length - 1;
    const length = (index: number): number => file.frames[index]?.frameBytes.byteLength ?? 0;
    const targets = [
      // Every header byte of the first, an epoch-boundary and the last (END) frame.
      ...[0, 2, last].map((frame) => ({ frame, offsets: range(0, FRAME_HEADER_BYTES) })),
      // Every signature byte of one frame and every ciphertext byte of another.
      { frame: 1, offsets: range(length(1) - SIGNATURE_BYTES, length(1)) },
      { frame: 3, offsets: range(FRAME_HEADER_BYTES, length(3) - SIGNATURE_BYTES) },
    ];
    for (const { frame, offsets } of targets) {
      for (const offset of offsets) {
        const frames = file.frames.map((decoded) => decoded.frameBytes.slice());
        const target = frames[frame] ?? new Uint8Array(0);
        target[offset] = (target[offset] ?? 0) ^ 0x01;
        const resigned = await signedEvidenceFile(file.manifest, frames, fixture.world.driver.keys.sig.privateKey);
        const result = await verifyEvidenceExport(resigned, { rootPem: fixture.world.root.certPem });
        const where = `frame ${frame}, byte ${offset}`;
        if (result.ok) expect.fail(`${where} was accepted`);
        expect(FRAME_REASONS.has(result.reason), `${where}: ${result.reason} ${result.detail}`).toBe(true);
        // A changed seq (header bytes 26–33) is reported at the seq the frame now claims.
        if (offset < 26 || offset >= 34) expect(result.seq ?? frame, where).toBe(frame);
      }
    }
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}
