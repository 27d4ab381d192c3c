import { describe, expect, it } from 'vitest';
import { FrameFlags, MAX_MEDIA_RECORDS, decodeMediaPayload, type MediaPacket, type TrackConfig } from '@seccam/schema';
import { FIXTURE_PATH, packetSummary } from './media-fixtures.test-support.ts';
import { groupIntoPayloads, type PayloadGroup } from './group-payloads.ts';
import { MediaFileError } from './media-file-error.ts';
import { readMediaFile } from '../node/read-media-file.ts';
import { syntheticSource } from './synthetic-source.ts';

const VIDEO: TrackConfig = { kind: 'video', trackId: 0, codec: 'vp8', codedWidth: 64, codedHeight: 48, description: new Uint8Array(0) };
const AUDIO: TrackConfig = {
  kind: 'audio',
  trackId: 1,
  codec: 'opus',
  sampleRate: 48_000,
  numberOfChannels: 1,
  description: Uint8Array.of(1),
};

function packet(trackId: number, key: boolean, timestampMs: number, durationMs: number, size = 10): MediaPacket {
  return {
    trackId,
    key,
    timestampUs: timestampMs * 1000,
    durationUs: durationMs * 1000,
    data: new Uint8Array(size).fill(timestampMs & 0xff),
  };
}

/** Every documented invariant of [Note: grouping packets into frames]. */
function expectGroupInvariants(
  tracks: readonly TrackConfig[],
  packets: readonly MediaPacket[],
  groups: readonly PayloadGroup[],
  targetMs = 100,
): void {
  const joinTrackId = (tracks.find((track) => track.kind === 'video') ?? tracks[0])?.trackId;
  const decoded = groups.map((group) => decodeMediaPayload(group.payload));
  // Lossless: decoding and concatenating every payload gives back the packet list, byte for byte.
  expect(decoded.flatMap((payload) => payload.packets).map(packetSummary)).toEqual(packets.map(packetSummary));
  for (const [index, group] of groups.entries()) {
    const payload = decoded[index];
    if (payload === undefined) throw new Error('index');
    expect(group.packetCount).toBe(payload.packets.length);
    const starts = payload.packets.map((p) => p.timestampUs);
    const ends = payload.packets.map((p) => p.timestampUs + p.durationUs);
    const span = Math.max(...ends) - Math.min(...starts);
    expect(group.durationUs).toBe(span);
    if (payload.packets.length > 1) expect(span).toBeLessThanOrEqual(targetMs * 1000);
    const firstJoin = payload.packets.find((p) => p.trackId === joinTrackId);
    expect(group.keyframe).toBe(firstJoin?.key === true);
    // A join-track keyframe is always the first join-track packet of its group.
    const joinPackets = payload.packets.filter((p) => p.trackId === joinTrackId);
    if (tracks.find((track) => track.trackId === joinTrackId)?.kind === 'video') {
      expect(joinPackets.slice(1).some((p) => p.key)).toBe(false);
    }
    expect(group.init).toBe(group.keyframe || index === 0);
    expect(payload.tracks).toEqual(group.init ? tracks : []);
    expect(group.flags).toBe((group.keyframe ? FrameFlags.KEYFRAME : 0) | (group.init ? FrameFlags.INIT : 0));
  }
}

describe('groupIntoPayloads', () => {
  it('cuts the fixture into ≤ 100 ms frames, one join point per video keyframe', async () => {
    const { tracks, packets } = await readMediaFile(FIXTURE_PATH);
    const groups = groupIntoPayloads(tracks, packets, { captureStartMs: 1_700_000_000_000 });
    expectGroupInvariants(tracks, packets, groups);
    expect(groups.filter((group) => group.keyframe)).toHaveLength(4);
    expect(groups.filter((group) => group.init)).toHaveLength(4); // the first group starts at the first keyframe
    expect(groups.length).toBeGreaterThanOrEqual(40); // 4 s in frames of at most 100 ms
    expect(groups[0]?.captureTsMs).toBe(1_700_000_000_000);
    expect(groups[1]?.captureTsMs).toBe(1_700_000_000_000 + Math.floor((groups[1]?.timestampUs ?? 0) / 1000));
  });

  it('holds the invariants for other targets and for synthetic media with audio', async () => {
    const fixture = await readMediaFile(FIXTURE_PATH);
    for (const targetMs of [20, 50, 250, 1000])
      expectGroupInvariants(fixture.tracks, fixture.packets, groupIntoPayloads(fixture.tracks, fixture.packets, { targetMs }), targetMs);
    const synthetic = syntheticSource({ seconds: 5, fps: 30, keyframeEveryMs: 500, bytesPerFrame: 300, audio: true });
    const groups = groupIntoPayloads(synthetic.tracks, synthetic.packets);
    expectGroupInvariants(synthetic.tracks, synthetic.packets, groups);
    expect(groups.filter((group) => group.keyframe)).toHaveLength(10);
  });

  it('puts leading audio in the first frame with the first keyframe', () => {
    const packets = [packet(1, true, 0, 20), packet(0, true, 7, 50), packet(1, true, 20, 20), packet(0, false, 50, 50)];
    const groups = groupIntoPayloads([VIDEO, AUDIO], packets);
    expectGroupInvariants([VIDEO, AUDIO], packets, groups);
    expect(groups.map((group) => [group.packetCount, group.flags])).toEqual([[4, FrameFlags.INIT | FrameFlags.KEYFRAME]]);
  });

  it('gives the first frame INIT even when the media starts with a delta', () => {
    const packets = [packet(0, false, 0, 50), packet(0, false, 50, 50), packet(0, true, 100, 50), packet(0, false, 150, 50)];
    const groups = groupIntoPayloads([VIDEO], packets);
    expectGroupInvariants([VIDEO], packets, groups);
    expect(groups.map((group) => group.flags)).toEqual([FrameFlags.INIT, FrameFlags.INIT | FrameFlags.KEYFRAME]);
  });

  it('makes every frame of audio-only media a join point', () => {
    const packets = Array.from({ length: 20 }, (_, i) => packet(1, true, i * 20, 20));
    const groups = groupIntoPayloads([AUDIO], packets);
    expectGroupInvariants([AUDIO], packets, groups);
    expect(groups).toHaveLength(4);
    expect(groups.every((group) => group.flags === (FrameFlags.INIT | FrameFlags.KEYFRAME))).toBe(true);
  });

  it('gives a packet longer than the target a frame of its own', () => {
    const packets = [packet(0, true, 0, 50), packet(0, false, 50, 300), packet(0, false, 350, 50)];
    const groups = groupIntoPayloads([VIDEO], packets);
    expectGroupInvariants([VIDEO], packets, groups);
    expect(groups.map((group) => group.packetCount)).toEqual([1, 1, 1]);
  });

  it('respects the payload size and record limits', () => {
    const big = Array.from({ length: 10 }, (_, i) => packet(0, i === 0, i * 5, 5, 1000));
    const groups = groupIntoPayloads([VIDEO], big, { maxPayloadBytes: 2500 });
    expectGroupInvariants([VIDEO], big, groups);
    expect(groups.every((group) => group.payload.byteLength <= 2500)).toBe(true);
    const many = Array.from({ length: 3000 }, (_, i) => ({ ...packet(0, i === 0, 0, 0, 0), timestampUs: i }));
    const manyGroups = groupIntoPayloads([VIDEO], many);
    expectGroupInvariants([VIDEO], many, manyGroups);
    expect(Math.max(...manyGroups.map((group) => group.packetCount))).toBe(MAX_MEDIA_RECORDS - 1);
  });

  it('refuses a packet that cannot fit a frame, or of an unknown track', () => {
    expect(() => groupIntoPayloads([VIDEO], [packet(0, true, 0, 50, 3000)], { maxPayloadBytes: 2500 })).toThrow(MediaFileError);
    expect(() => groupIntoPayloads([VIDEO], [packet(2, true, 0, 50)])).toThrow(/BAD_FIELD/);
    expect(() => groupIntoPayloads([VIDEO], [], { targetMs: 0 })).toThrow(RangeError);
    expect(groupIntoPayloads([VIDEO], [])).toEqual([]);
  });
});
