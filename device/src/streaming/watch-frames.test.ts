import { describe, expect, it } from 'vitest';
import { decodeMediaPayload } from '@seccam/schema';
import type { ChainStart, EpochKey } from '@seccam/pki';
import { flip, frameBytesOf, recordStream, type Recording } from '@seccam/pki/testing';
import type { EpochKeyResult } from './epoch-key-ring.ts';
import { WatchFrameProcessor, type EpochKeySource, type FrameOutcome } from './watch-frames.ts';

function keysFrom(map: ReadonlyMap<number, EpochKey>): EpochKeySource {
  return {
    keyFor: (epoch): Promise<EpochKeyResult> => {
      const epochKey = map.get(epoch);
      return Promise.resolve(
        epochKey ? { ok: true, epochKey } : { ok: false, reason: 'no-key', epoch, message: `no key for epoch ${epoch}` },
      );
    },
  };
}

function processor(
  recording: Recording,
  start: ChainStart = { kind: 'genesis', genesisPrevHash: recording.genesis },
  keys: EpochKeySource | null = keysFrom(recording.epochKeys),
): WatchFrameProcessor {
  return new WatchFrameProcessor({ streamId: recording.streamId, sigPublicKey: recording.sig.publicKey, start, keyRing: keys });
}

async function run(p: WatchFrameProcessor, frames: readonly Uint8Array[]): Promise<FrameOutcome[]> {
  const outcomes: FrameOutcome[] = [];
  for (const frame of frames) outcomes.push(await p.process(frame));
  return outcomes;
}

const kinds = (outcomes: readonly FrameOutcome[]): string[] => outcomes.map((o) => o.kind);

describe('WatchFrameProcessor', () => {
  it('verifies a whole stream from its genesis across epochs and decodes every payload', async () => {
    const recording = await recordStream({ frames: 25, rotateAt: 12, end: true });
    const p = processor(recording);
    p.beginSubscription(0, null, 20);
    const outcomes = await run(p, frameBytesOf(recording));
    expect(kinds(outcomes)).toEqual(Array(25).fill('frame'));
    const frames = outcomes.map((o) => (o.kind === 'frame' ? o.frame : null));
    expect(frames.map((f) => f?.payload)).toEqual(recording.payloads.map((payload) => decodeMediaPayload(payload)));
    expect(frames.map((f) => f?.epoch)).toEqual([...Array<number>(12).fill(0), ...Array<number>(13).fill(1)]);
    expect(frames[20]).toMatchObject({ catchUp: true });
    expect(frames[24]).toMatchObject({ end: true, catchUp: false });
    expect(p.chainStatus).toMatchObject({ ended: 'signed', lastSeq: 24, verified: 25 });
  });

  it('reports a flipped ciphertext byte as a signature failure at that seq', async () => {
    const recording = await recordStream({ frames: 8, end: false });
    const frames = frameBytesOf(recording);
    flip(frames[5] ?? new Uint8Array(0), 100);
    const outcomes = await run(processor(recording), frames.slice(0, 6));
    expect(outcomes.at(-1)).toEqual({ kind: 'fatal', failure: expect.objectContaining({ reason: 'signature', seq: 5 }) as unknown });
  });

  it('reports an omitted frame as a gap and another stream as stream', async () => {
    const recording = await recordStream({ frames: 8, end: false });
    const frames = frameBytesOf(recording);
    const gap = await run(processor(recording), [...frames.slice(0, 4), ...frames.slice(5, 6)]);
    expect(gap.at(-1)).toMatchObject({ kind: 'fatal', failure: { reason: 'gap', seq: 5 } });
    const other = await recordStream({ frames: 1, end: false, sig: recording.sig });
    const foreign = await run(processor(recording), frameBytesOf(other));
    expect(foreign[0]).toMatchObject({ kind: 'fatal', failure: { reason: 'stream', seq: 0 } });
  });

  it('skips a frame received twice (after a reconnect) and carries on', async () => {
    const recording = await recordStream({ frames: 5, end: false });
    const frames = frameBytesOf(recording);
    const outcomes = await run(
      processor(recording),
      [frames[0], frames[1], frames[2], frames[2], frames[3]].map((f) => f ?? new Uint8Array(0)),
    );
    expect(kinds(outcomes)).toEqual(['frame', 'frame', 'frame', 'duplicate', 'frame']);
  });

  it('joins live at a keyframe after a detached INIT frame checked by its signature', async () => {
    const recording = await recordStream({ frames: 16, end: false });
    const frames = frameBytesOf(recording);
    const p = processor(recording, { kind: 'join' });
    p.beginSubscription(12, 10, 15);
    const outcomes = await run(
      p,
      [frames[10], ...frames.slice(12)].map((f) => f ?? new Uint8Array(0)),
    );
    expect(kinds(outcomes)).toEqual(['frame', 'frame', 'frame', 'frame', 'frame']);
    expect(outcomes[0]).toMatchObject({ frame: { seq: 10, detached: true, init: true } });
    expect(outcomes[1]).toMatchObject({ frame: { seq: 12, detached: false } });
  });

  it('refuses a detached frame that is not the announced INIT frame, and a join that starts elsewhere', async () => {
    const recording = await recordStream({ frames: 16, end: false });
    const frames = frameBytesOf(recording);
    const wrongInit = processor(recording, { kind: 'join' });
    wrongInit.beginSubscription(12, 10, null);
    expect(await wrongInit.process(frames[11] ?? new Uint8Array(0))).toMatchObject({
      kind: 'fatal',
      failure: { reason: 'detached-init', seq: 11 },
    });
    const elsewhere = processor(recording, { kind: 'join' });
    elsewhere.beginSubscription(12, null, null);
    expect(await elsewhere.process(frames[13] ?? new Uint8Array(0))).toMatchObject({ kind: 'fatal', failure: { reason: 'gap', seq: 13 } });
  });

  it('reports frames of an epoch without a key as unreadable (no-key) and keeps verifying', async () => {
    const recording = await recordStream({ frames: 6, rotateAt: 3, end: true });
    const onlyEpoch0 = new Map([...recording.epochKeys].filter(([epoch]) => epoch === 0));
    const outcomes = await run(processor(recording, undefined, keysFrom(onlyEpoch0)), frameBytesOf(recording));
    expect(kinds(outcomes)).toEqual(['frame', 'frame', 'frame', 'unreadable', 'unreadable', 'unreadable']);
    expect(outcomes[3]).toMatchObject({ failure: { reason: 'no-key', seq: 3 } });
  });

  it('reports a key of the wrong epoch as decrypt, and verifies only when no keys are given', async () => {
    const recording = await recordStream({ frames: 4, rotateAt: 2, end: false });
    const epoch0 = recording.epochKeys.get(0);
    const wrong: EpochKeySource = {
      keyFor: () => Promise.resolve(epoch0 ? { ok: true, epochKey: epoch0 } : { ok: false, reason: 'no-key', epoch: 0, message: '' }),
    };
    const outcomes = await run(processor(recording, undefined, wrong), frameBytesOf(recording));
    expect(outcomes[2]).toMatchObject({ kind: 'unreadable', failure: { reason: 'decrypt', seq: 2 } });
    const verifyOnly = await run(processor(recording, undefined, null), frameBytesOf(recording));
    expect(verifyOnly.map((o) => (o.kind === 'frame' ? o.frame.payload : 'x'))).toEqual([null, null, null, null]);
  });

  it('reports undecodable bytes as malformed without a seq', async () => {
    const recording = await recordStream({ frames: 1, end: false });
    expect(await processor(recording).process(new Uint8Array(10))).toMatchObject({
      kind: 'fatal',
      failure: { reason: 'malformed', seq: null, message: 'BAD_MAGIC: not a SecCam frame' }, // the code once, not twice
    });
  });
});
