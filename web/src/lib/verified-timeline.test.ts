import type { MediaPayload } from '@seccam/schema';
import { describe, expect, it } from 'vitest';
import { VerifiedTimeline } from './verified-timeline';

const video = { kind: 'video', trackId: 1, codec: 'vp8', codedWidth: 320, codedHeight: 240, description: new Uint8Array() } as const;

/** One frame's payload: two video packets 50 ms apart from `startUs`, the first a key unit when `key`. */
function payload(startUs: number, key: boolean, withTrack = false): MediaPayload {
  const packet = (offsetUs: number, isKey: boolean) => ({
    trackId: 1,
    key: isKey,
    timestampUs: startUs + offsetUs,
    durationUs: 50_000,
    data: new Uint8Array([1]),
  });
  return { tracks: withTrack ? [video] : [], packets: [packet(0, key), packet(50_000, false), { ...packet(0, true), trackId: 2 }] };
}

/** Ten frames of 100 ms from 7 ms, a keyframe every 300 ms (seq 0, 3, 6, 9). */
function timeline(): VerifiedTimeline {
  const line = new VerifiedTimeline();
  for (let seq = 0; seq < 10; seq++) line.append(seq, payload(7_000 + seq * 100_000, seq % 3 === 0, seq === 0));
  return line;
}

describe('VerifiedTimeline', () => {
  it('measures position from the first video timestamp, ignoring other tracks', () => {
    const line = timeline();
    expect(line.track?.trackId).toBe(1);
    expect(line.originUs).toBe(7_000);
    expect(line.durationUs).toBe(1_000_000);
    expect(line.at(3)?.keyUs).toBe(307_000);
    expect(line.at(4)?.keyUs).toBeNull();
  });

  it('seeks to the last keyframe at or before the position', () => {
    const line = timeline();
    expect(line.keyframeIndexFor(0)).toBe(0);
    expect(line.keyframeIndexFor(299_999)).toBe(0);
    expect(line.keyframeIndexFor(300_000)).toBe(3);
    expect(line.keyframeIndexFor(550_000)).toBe(3);
    expect(line.keyframeIndexFor(5_000_000)).toBe(9);
    expect(new VerifiedTimeline().keyframeIndexFor(1_000)).toBe(0);
  });

  it('waits for an entry until it arrives, the timeline completes or the wait is aborted', async () => {
    const line = timeline();
    expect(await line.waitFor(9, new AbortController().signal)).toBe(true);
    const arriving = line.waitFor(10, new AbortController().signal);
    line.append(10, payload(1_007_000, false));
    expect(await arriving).toBe(true);
    const ending = line.waitFor(11, new AbortController().signal);
    line.finish();
    expect(await ending).toBe(false);
    const open = new VerifiedTimeline();
    const abort = new AbortController();
    const aborted = open.waitFor(0, abort.signal);
    abort.abort();
    expect(await aborted).toBe(false);
  });
});
