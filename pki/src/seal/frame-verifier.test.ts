import { FrameFlags, bytesToHex, decodeFrame, decodeMediaPayload, encodeFrame, hasFlag } from '@seccam/schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { isPkiError } from '../pki-error.ts';
import { generateEpochKey } from './epoch-key.ts';
import { verifyFrameSignature, verifyIncomingFrame } from './frame-check.ts';
import { FrameVerifier, verifyFrameSequence, type VerifySequenceOptions } from './frame-verifier.ts';
import { openFrame } from './open-frame.ts';
import {
  decoded,
  flip,
  frameBytesOf,
  generateSigKeys,
  must,
  payloadFor,
  type Recording,
  recordStream,
} from './seal-fixtures.test-support.ts';
import { sealFrame } from './seal-frame.ts';

let rec: Recording;
let other: CryptoKeyPair;

beforeAll(async () => {
  rec = await recordStream({ frames: 50, rotateAt: 25, end: true });
  other = await generateSigKeys();
});

function options(overrides: Partial<VerifySequenceOptions> = {}): VerifySequenceOptions {
  return {
    streamId: rec.streamId,
    sigPublicKey: rec.sig.publicKey,
    start: { kind: 'genesis', genesisPrevHash: rec.genesis },
    ...overrides,
  };
}

/** Re-seal frame `seq` of the recording with changes, using a chosen signing key. */
async function reseal(seq: number, changes: { prevHash?: Uint8Array; epoch?: number; flags?: number; sigPrivateKey?: CryptoKey }) {
  const original = decoded(rec, seq).header;
  const epoch = changes.epoch ?? original.epoch;
  return sealFrame({
    streamId: rec.streamId,
    epoch,
    seq,
    captureTs: original.captureTs,
    flags: changes.flags ?? original.flags,
    prevHash: changes.prevHash ?? original.prevHash,
    payload: payloadFor(seq).payload,
    epochKey: rec.epochKeys.get(epoch) ?? (await generateEpochKey({ streamId: rec.streamId, epoch })),
    sigPrivateKey: changes.sigPrivateKey ?? rec.sig.privateKey,
  });
}

describe('a 50-frame stream over two epochs', () => {
  it('verifies, decrypts and ends signed', async () => {
    const result = await verifyFrameSequence(frameBytesOf(rec), options({ epochKeys: rec.epochKeys, requireEnd: true }));
    if (!result.ok) expect.fail(result.message);
    expect(result).toMatchObject({ ended: 'signed', lastSeq: 49, verified: 50 });
    expect(result.chainHead).toEqual(rec.sealed[49]?.chainHash);
    expect(result.payloads).toEqual(rec.payloads);
    expect(decodeMediaPayload(must(result.payloads[20])).tracks[0]?.codec).toBe('vp8');
    const epochs = frameBytesOf(rec).map((bytes) => decodeFrame(bytes).header.epoch);
    expect(epochs.slice(24, 26)).toEqual([0, 1]);
  });

  it('verifies frame by frame in the streaming verifier', async () => {
    const verifier = new FrameVerifier(options());
    const results = await Promise.all(frameBytesOf(rec).map((bytes) => verifier.push(bytes)));
    expect(results.every((result) => result.ok)).toBe(true);
    expect(await verifier.finish()).toMatchObject({ ended: 'signed', lastSeq: 49, verified: 50 });
  });

  it('chains every frame to the previous one', () => {
    expect(decoded(rec, 0).header.prevHash).toEqual(rec.genesis);
    for (let seq = 1; seq < 50; seq++) expect(decoded(rec, seq).header.prevHash).toEqual(rec.sealed[seq - 1]?.chainHash);
  });
});

describe('tampering is reported with the check that failed first', () => {
  async function verifyWith(
    mutate: (frames: Uint8Array[]) => Uint8Array[] | Promise<Uint8Array[]>,
    extra: Partial<VerifySequenceOptions> = {},
  ) {
    return verifyFrameSequence(await mutate(frameBytesOf(rec)), options(extra));
  }

  it('a flipped ciphertext byte fails the signature of that frame (before any decryption)', async () => {
    const result = await verifyWith(
      (frames) => {
        flip(must(frames[10]), 100);
        return frames;
      },
      { epochKeys: rec.epochKeys },
    );
    expect(result).toMatchObject({ ok: false, reason: 'signature', seq: 10, index: 10 });
  });

  it('a changed header field (captureTs) fails the signature', async () => {
    const result = await verifyWith((frames) => {
      flip(must(frames[12]), 40);
      return frames;
    });
    expect(result).toMatchObject({ ok: false, reason: 'signature', seq: 12 });
  });

  it('a changed prevHash fails the chain', async () => {
    const result = await verifyWith((frames) => {
      flip(must(frames[13]), 50);
      return frames;
    });
    expect(result).toMatchObject({ ok: false, reason: 'chain', seq: 13 });
  });

  it('a flipped signature byte fails the signature', async () => {
    const result = await verifyWith((frames) => {
      const frame = must(frames[14]);
      flip(frame, frame.byteLength - 1);
      return frames;
    });
    expect(result).toMatchObject({ ok: false, reason: 'signature', seq: 14 });
  });

  it('two swapped frames are out of order', async () => {
    const result = await verifyWith((frames) => {
      [frames[10], frames[11]] = [must(frames[11]), must(frames[10])];
      return frames;
    });
    expect(result).toMatchObject({ ok: false, reason: 'order', seq: 11, expectedSeq: 10, index: 10 });
  });

  it('a dropped middle frame is a gap', async () => {
    const result = await verifyWith((frames) => frames.filter((_, i) => i !== 20));
    expect(result).toMatchObject({ ok: false, reason: 'gap', seq: 21, expectedSeq: 20 });
  });

  it('a dropped first frame is a gap at seq 0', async () => {
    const result = await verifyWith((frames) => frames.slice(1));
    expect(result).toMatchObject({ ok: false, reason: 'gap', seq: 1, expectedSeq: 0 });
  });

  it('a dropped tail verifies but ends unsigned, and fails when an END is required', async () => {
    const tail = await verifyWith((frames) => frames.slice(0, 40));
    expect(tail).toMatchObject({ ok: true, ended: 'unsigned', lastSeq: 39 });
    const strict = await verifyWith((frames) => frames.slice(0, 40), { requireEnd: true });
    expect(strict).toMatchObject({ ok: false, reason: 'truncated', seq: 39, message: 'ended unsigned at seq 39' });
    expect(await verifyWith(() => [])).toMatchObject({ ok: true, ended: 'empty', lastSeq: null });
  });

  it('a frame moved from another stream of the same driver fails the stream check', async () => {
    const otherStream = await recordStream({ frames: 12, end: false, sig: rec.sig });
    const result = await verifyWith((frames) => {
      frames[11] = must(frameBytesOf(otherStream)[11]);
      return frames;
    });
    expect(result).toMatchObject({ ok: false, reason: 'stream', seq: 11 });
  });

  it('a frame re-labelled with this stream id fails the signature, and no key opens it', async () => {
    const otherStream = await recordStream({ frames: 12, end: false, sig: rec.sig });
    const moved = must(frameBytesOf(otherStream)[11]);
    moved.set(decoded(rec, 11).headerBytes.subarray(6, 22), 6); // overwrite the stream id bytes
    moved.set(decoded(rec, 11).header.prevHash, 42); // and splice it into this chain
    const result = await verifyWith((frames) => {
      frames[11] = moved;
      return frames;
    });
    expect(result).toMatchObject({ ok: false, reason: 'signature', seq: 11 });
    expect(await openFrame(decodeFrame(moved), must(otherStream.epochKeys.get(0)))).toMatchObject({ ok: false, reason: 'decrypt' });
    expect(await openFrame(decodeFrame(moved), must(rec.epochKeys.get(0)))).toMatchObject({ ok: false, reason: 'decrypt' });
  });

  it('the header is the AEAD associated data: a changed field fails decryption with the right key', async () => {
    const frame = must(frameBytesOf(rec)[12]);
    flip(frame, 40); // captureTs
    expect(await openFrame(decodeFrame(frame), must(rec.epochKeys.get(0)))).toEqual({
      ok: false,
      reason: 'decrypt',
      seq: 12,
      message: 'AES-GCM authentication failed',
    });
    expect(await openFrame(decoded(rec, 12), must(rec.epochKeys.get(0)))).toMatchObject({ ok: true });
  });

  it('a frame signed by another key fails the signature', async () => {
    const forged = await reseal(15, { sigPrivateKey: other.privateKey });
    const result = await verifyWith((frames) => {
      frames[15] = forged.frameBytes;
      return frames;
    });
    expect(result).toMatchObject({ ok: false, reason: 'signature', seq: 15 });
  });

  it('a driver-signed frame that forks the chain fails the chain', async () => {
    const fork = await reseal(16, { prevHash: new Uint8Array(32).fill(7) });
    const result = await verifyWith((frames) => {
      frames[16] = fork.frameBytes;
      return frames;
    });
    expect(result).toMatchObject({ ok: false, reason: 'chain', seq: 16 });
  });

  it('a chain rooted in another certificate fails at seq 0', async () => {
    const result = await verifyFrameSequence(
      frameBytesOf(rec),
      options({ start: { kind: 'genesis', genesisPrevHash: new Uint8Array(32) } }),
    );
    expect(result).toMatchObject({ ok: false, reason: 'chain', seq: 0 });
  });

  it('a decreasing epoch is refused', async () => {
    const back = await reseal(30, { epoch: 0, prevHash: rec.sealed[29]?.chainHash });
    const result = await verifyWith((frames) => {
      frames[30] = back.frameBytes;
      return frames;
    });
    expect(result).toMatchObject({ ok: false, reason: 'epoch', seq: 30 });
  });

  it('a frame after END is refused', async () => {
    const end = must(rec.sealed[49]);
    const after = await sealFrame({
      streamId: rec.streamId,
      epoch: 1,
      seq: 50,
      captureTs: 0,
      flags: 0,
      prevHash: end.chainHash,
      payload: new Uint8Array(0),
      epochKey: must(rec.epochKeys.get(1)),
      sigPrivateKey: rec.sig.privateKey,
    });
    const result = await verifyWith((frames) => [...frames, after.frameBytes]);
    expect(result).toMatchObject({ ok: false, reason: 'after-end', seq: 50 });
    const verifier = new FrameVerifier(options());
    for (const bytes of frameBytesOf(rec)) await verifier.push(bytes);
    expect(await verifier.push(must(frameBytesOf(rec)[49]))).toMatchObject({ ok: false, reason: 'duplicate', seq: 49 });
    expect(await verifier.push(after.frameBytes)).toMatchObject({ ok: false, reason: 'after-end', seq: 50 });
    expect(verifier.status()).toMatchObject({ ended: 'signed', lastSeq: 49 });
  });

  it('a wrong content key fails decryption, a missing one is reported as such', async () => {
    const wrongKeys = new Map(rec.epochKeys);
    wrongKeys.set(1, await generateEpochKey({ streamId: rec.streamId, epoch: 1 }));
    expect(await verifyWith((frames) => frames, { epochKeys: wrongKeys })).toMatchObject({ ok: false, reason: 'decrypt', seq: 25 });
    const onlyFirst = new Map([[0, must(rec.epochKeys.get(0))]]);
    expect(await verifyWith((frames) => frames, { epochKeys: onlyFirst })).toMatchObject({ ok: false, reason: 'no-key', seq: 25 });
    expect(await openFrame(decoded(rec, 3), must(rec.epochKeys.get(1)))).toMatchObject({ ok: false, reason: 'decrypt', seq: 3 });
  });

  it('bytes that are not a frame are malformed', async () => {
    const result = await verifyWith((frames) => {
      frames[5] = must(frames[5]).subarray(0, 60);
      return frames;
    });
    expect(result).toMatchObject({ ok: false, reason: 'malformed', seq: null, expectedSeq: 5 });
    if (!result.ok) expect(result.message).toMatch(/^TRUNCATED/);
  });
});

describe('FrameVerifier', () => {
  it('keeps its state on failure: a resend is a duplicate, an old frame is out of order', async () => {
    const verifier = new FrameVerifier(options());
    const frames = frameBytesOf(rec);
    for (const bytes of frames.slice(0, 11)) expect((await verifier.push(bytes)).ok).toBe(true);
    expect(await verifier.push(must(frames[10]))).toMatchObject({ ok: false, reason: 'duplicate', seq: 10 });
    expect(await verifier.push(must(frames[4]))).toMatchObject({ ok: false, reason: 'order', seq: 4 });
    expect(await verifier.push(must(frames[12]))).toMatchObject({ ok: false, reason: 'gap', seq: 12, expectedSeq: 11 });
    expect((await verifier.push(must(frames[11]))).ok).toBe(true);
    expect(verifier.status()).toMatchObject({ ended: 'unsigned', lastSeq: 11, verified: 12 });
  });

  it('treats a resend with a fresh signature over the same content as a duplicate, not a fork', async () => {
    const frame = decoded(rec, 5);
    const resigned = new Uint8Array(
      await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, rec.sig.privateKey, must(rec.sealed[5]).chainHash.slice()),
    );
    expect(resigned).not.toEqual(frame.signature); // ECDSA signatures are randomised
    const resent = encodeFrame(frame.headerBytes, frame.ciphertext, resigned);
    const verifier = new FrameVerifier(options());
    for (const bytes of frameBytesOf(rec).slice(0, 6)) await verifier.push(bytes);
    expect(await verifier.push(resent)).toMatchObject({ ok: false, reason: 'duplicate', seq: 5 });
    const server = await verifyIncomingFrame(decodeFrame(resent), {
      streamId: rec.streamId,
      sigPublicKey: rec.sig.publicKey,
      expectedSeq: 5,
      expectedPrevHash: must(rec.sealed[4]).chainHash,
    });
    expect(server.ok && server.chainHash).toEqual(must(rec.sealed[5]).chainHash);
  });

  it('streams cannot look ahead: a swap shows as a gap at the early frame', async () => {
    const verifier = new FrameVerifier(options());
    const frames = frameBytesOf(rec);
    for (const bytes of frames.slice(0, 10)) await verifier.push(bytes);
    expect(await verifier.push(must(frames[11]))).toMatchObject({ ok: false, reason: 'gap', seq: 11 });
  });

  it('late join: anchors on the first frame and verifies the rest, plus a detached INIT frame', async () => {
    const verifier = new FrameVerifier({ streamId: rec.streamId, sigPublicKey: rec.sig.publicKey, start: { kind: 'join' } });
    expect(verifier.expectedSeq).toBeNull();
    const init = await verifyFrameSignature(decoded(rec, 20), rec.sig.publicKey);
    expect(init.ok && hasFlag(init.frame.header.flags, FrameFlags.INIT)).toBe(true);
    for (const bytes of frameBytesOf(rec).slice(33)) expect((await verifier.push(bytes)).ok).toBe(true);
    expect(await verifier.finish()).toMatchObject({ ended: 'signed', lastSeq: 49, verified: 17 });
    const forged = await reseal(33, { sigPrivateKey: other.privateKey });
    const joiner = new FrameVerifier({ streamId: rec.streamId, sigPublicKey: rec.sig.publicKey, start: { kind: 'join' } });
    expect(await joiner.push(forged.frameBytes)).toMatchObject({ ok: false, reason: 'signature' });
    expect(await verifyFrameSignature(decodeFrame(forged.frameBytes), rec.sig.publicKey)).toMatchObject({
      ok: false,
      reason: 'signature',
      seq: 33,
    });
  });

  it('resumes after a verified frame', async () => {
    const start = { kind: 'after' as const, seq: 29, chainHash: must(rec.sealed[29]).chainHash, epoch: 1 };
    const resumed = await verifyFrameSequence(frameBytesOf(rec).slice(30), options({ start }));
    expect(resumed).toMatchObject({ ok: true, ended: 'signed', verified: 20 });
    const verifier = new FrameVerifier(options({ start }));
    expect(await verifier.push(must(frameBytesOf(rec)[29]))).toMatchObject({ ok: false, reason: 'duplicate', seq: 29 });
  });

  it('refuses a bad start at once', () => {
    expect(() => new FrameVerifier(options({ start: { kind: 'genesis', genesisPrevHash: new Uint8Array(31) } }))).toThrow();
    try {
      new FrameVerifier(options({ start: { kind: 'after', seq: -1, chainHash: new Uint8Array(32), epoch: 0 } }));
      expect.fail('expected a PkiError');
    } catch (error) {
      expect(isPkiError(error, 'INVALID_ARGUMENT')).toBe(true);
    }
  });
});

describe('verifyIncomingFrame (server side, no content key)', () => {
  const context = () => ({ streamId: rec.streamId, sigPublicKey: rec.sig.publicKey });

  it('accepts the next frame and returns its chain hash', async () => {
    const result = await verifyIncomingFrame(decoded(rec, 0), { ...context(), expectedSeq: 0, expectedPrevHash: rec.genesis });
    expect(result.ok && bytesToHex(result.chainHash)).toBe(bytesToHex(must(rec.sealed[0]).chainHash));
    const later = await verifyIncomingFrame(decoded(rec, 26), {
      ...context(),
      expectedSeq: 26,
      expectedPrevHash: must(rec.sealed[25]).chainHash,
      minEpoch: 1,
    });
    expect(later.ok).toBe(true);
  });

  it('reports resends, gaps, forks, epoch regressions and forgeries', async () => {
    const at = (seq: number) => ({
      ...context(),
      expectedSeq: seq,
      expectedPrevHash: seq === 0 ? rec.genesis : must(rec.sealed[seq - 1]).chainHash,
    });
    expect(await verifyIncomingFrame(decoded(rec, 4), at(5))).toMatchObject({ ok: false, reason: 'duplicate', seq: 4 });
    expect(await verifyIncomingFrame(decoded(rec, 6), at(5))).toMatchObject({ ok: false, reason: 'gap', seq: 6 });
    expect(await verifyIncomingFrame(decoded(rec, 5), { ...at(5), expectedPrevHash: new Uint8Array(32) })).toMatchObject({
      ok: false,
      reason: 'chain',
    });
    expect(await verifyIncomingFrame(decoded(rec, 5), { ...at(5), minEpoch: 1 })).toMatchObject({ ok: false, reason: 'epoch' });
    expect(await verifyIncomingFrame(decoded(rec, 5), { ...at(5), streamId: crypto.randomUUID() })).toMatchObject({
      ok: false,
      reason: 'stream',
    });
    const forged = await reseal(5, { sigPrivateKey: other.privateKey });
    expect(await verifyIncomingFrame(decodeFrame(forged.frameBytes), at(5))).toMatchObject({ ok: false, reason: 'signature' });
  });
});

describe('sealFrame', () => {
  it('refuses a key for another epoch or stream', async () => {
    const input = {
      streamId: rec.streamId,
      epoch: 1,
      seq: 0,
      captureTs: 0,
      flags: 0,
      prevHash: rec.genesis,
      payload: new Uint8Array(0),
      epochKey: must(rec.epochKeys.get(0)),
      sigPrivateKey: rec.sig.privateKey,
    };
    await expect(sealFrame(input)).rejects.toSatisfy((error) => isPkiError(error, 'INVALID_ARGUMENT'));
    await expect(sealFrame({ ...input, epoch: 0, streamId: crypto.randomUUID() })).rejects.toSatisfy((error) =>
      isPkiError(error, 'INVALID_ARGUMENT'),
    );
  });

  it('refuses a payload that cannot fit a frame', async () => {
    const key = must(rec.epochKeys.get(0));
    const input = {
      streamId: rec.streamId,
      epoch: 0,
      seq: 0,
      captureTs: 0,
      flags: 0,
      prevHash: rec.genesis,
      epochKey: key,
      sigPrivateKey: rec.sig.privateKey,
    };
    await expect(sealFrame({ ...input, payload: new Uint8Array(4 * 1024 * 1024) })).rejects.toMatchObject({ code: 'TOO_LARGE' });
  });

  it('produces an empty-payload END frame of the minimum size', async () => {
    const key = must(rec.epochKeys.get(0));
    const sealed = await sealFrame({
      streamId: rec.streamId,
      epoch: 0,
      seq: 0,
      captureTs: 0,
      flags: FrameFlags.END,
      prevHash: rec.genesis,
      payload: new Uint8Array(0),
      epochKey: key,
      sigPrivateKey: rec.sig.privateKey,
    });
    expect(sealed.frameBytes.byteLength).toBe(78 + 16 + 64);
    expect(await openFrame(decodeFrame(sealed.frameBytes), key)).toEqual({ ok: true, payload: new Uint8Array(0) });
  });
});
