import { beforeAll, describe, expect, it } from 'vitest';
import { acceptedFlips, createTamperFixture, keyMaterialRange, splitPoint, type TamperFixture } from './evidence-tamper.test-support.ts';
import { verifyEvidenceExport } from './verify-evidence.ts';

// [Note: evidence tamper tests]; the first part of the file is in evidence-tamper-head.test.ts.
let fixture: TamperFixture;

beforeAll(async () => {
  fixture = await createTamperFixture();
});

describe('evidence tampering (tail)', () => {
  it('refuses a change to any single byte of the rest of a wrapped export', async () => {
    const options = { rootPem: fixture.world.root.certPem, encPrivateKey: fixture.world.dispatcher.keys.enc.privateKey };
    expect(await acceptedFlips(fixture.wrapped, options, splitPoint(fixture.wrapped))).toEqual([]);
  });

  it('refuses a change to any byte of the disclosed keys', async () => {
    const options = { rootPem: fixture.world.root.certPem };
    expect((await verifyEvidenceExport(fixture.disclosed, options)).ok).toBe(true);
    const { from, to } = keyMaterialRange(fixture.disclosed);
    expect(to - from).toBeGreaterThan(150);
    expect(await acceptedFlips(fixture.disclosed, options, from, to)).toEqual([]);
  });
});
