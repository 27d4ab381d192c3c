import { describe, expect, it } from 'vitest';
import { packetSummary } from './media-fixtures.test-support.ts';
import { syntheticSource } from './synthetic-source.ts';

describe('syntheticSource', () => {
  it('is deterministic per seed', () => {
    const options = { seconds: 3, fps: 25, keyframeEveryMs: 1000, bytesPerFrame: 123, seed: 7, audio: true };
    const a = syntheticSource(options);
    const b = syntheticSource(options);
    expect(b.tracks).toEqual(a.tracks);
    expect(b.packets.map(packetSummary)).toEqual(a.packets.map(packetSummary));
    const other = syntheticSource({ ...options, seed: 8 });
    expect(other.packets[0]?.data).not.toEqual(a.packets[0]?.data);
  });

  it('produces the requested rate, sizes and keyframe interval', () => {
    const { tracks, packets } = syntheticSource({ seconds: 10, fps: 30, keyframeEveryMs: 2000, bytesPerFrame: 500 });
    expect(tracks).toEqual([expect.objectContaining({ kind: 'video', trackId: 0, codec: 'vp8' })]);
    expect(packets).toHaveLength(300);
    const keys = packets.filter((packet) => packet.key);
    expect(keys.map((packet) => Math.round(packet.timestampUs / 1000))).toEqual([0, 2000, 4000, 6000, 8000]);
    expect(keys.every((packet) => packet.data.byteLength === 2000)).toBe(true);
    expect(packets.filter((packet) => !packet.key).every((packet) => packet.data.byteLength === 500)).toBe(true);
    expect(packets.reduce((sum, packet) => sum + packet.durationUs, 0)).toBe(10_000_000);
    for (let i = 1; i < packets.length; i++)
      expect(packets[i]?.timestampUs).toBe((packets[i - 1]?.timestampUs ?? 0) + (packets[i - 1]?.durationUs ?? 0));
  });

  it('adds 20 ms audio packets interleaved by timestamp', () => {
    const { tracks, packets } = syntheticSource({ seconds: 1, audio: true });
    expect(tracks.map((track) => track.kind)).toEqual(['video', 'audio']);
    expect(packets.filter((packet) => packet.trackId === 1)).toHaveLength(50);
    expect(packets.filter((packet) => packet.trackId === 0)).toHaveLength(20);
    expect(packets.map((packet) => packet.timestampUs)).toEqual([...packets.map((packet) => packet.timestampUs)].sort((a, b) => a - b));
  });

  it('refuses options out of range', () => {
    expect(() => syntheticSource({ seconds: 0 })).toThrow(RangeError);
    expect(() => syntheticSource({ seconds: 1, fps: 0 })).toThrow(RangeError);
    expect(() => syntheticSource({ seconds: 1, bytesPerFrame: 1.5 })).toThrow(RangeError);
    expect(() => syntheticSource({ seconds: 1, keyframeEveryMs: Number.NaN })).toThrow(RangeError);
  });
});
