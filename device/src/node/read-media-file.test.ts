import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { hexToBytes } from '@seccam/schema';
import { FIXTURE_PATH, expectMediaFileError, packetSummary } from '../media/media-fixtures.test-support.ts';
import { MediaFileError } from '../media/media-file-error.ts';
import { readMediaFile } from './read-media-file.ts';
import { checkWebmFraming } from '../media/webm-framing.ts';

describe('readMediaFile', () => {
  it('demuxes the fixture into VP8 and Opus tracks with WebCodecs configs', async () => {
    const { tracks, packets } = await readMediaFile(FIXTURE_PATH);
    expect(tracks).toHaveLength(2);
    const [video, audio] = tracks;
    expect(video).toMatchObject({ kind: 'video', trackId: 0, codec: 'vp8', codedWidth: 320, codedHeight: 240 });
    expect(video?.description.byteLength).toBe(0);
    expect(audio).toMatchObject({ kind: 'audio', trackId: 1, codec: 'opus', sampleRate: 48_000, numberOfChannels: 1 });
    expect(new TextDecoder().decode(audio?.description.subarray(0, 8))).toBe('OpusHead');

    const videoPackets = packets.filter((packet) => packet.trackId === 0);
    expect(videoPackets).toHaveLength(80); // 4 s at 20 fps
    expect(videoPackets.filter((packet) => packet.key).map((packet) => packet.timestampUs)).toEqual([
      7_000, 1_007_000, 2_007_000, 3_007_000,
    ]);
    expect(videoPackets.every((packet) => packet.durationUs === 50_000)).toBe(true);
    const audioPackets = packets.filter((packet) => packet.trackId === 1);
    expect(audioPackets.length).toBeGreaterThan(190); // 20 ms Opus packets
    expect(audioPackets.every((packet) => packet.key)).toBe(true);
  });

  it('interleaves tracks by timestamp, video first on ties, keeping each track in order', async () => {
    const { packets } = await readMediaFile(FIXTURE_PATH);
    for (let i = 1; i < packets.length; i++) {
      const [a, b] = [packets[i - 1], packets[i]];
      if (a === undefined || b === undefined) throw new Error('index');
      expect(a.timestampUs).toBeLessThanOrEqual(b.timestampUs);
      if (a.timestampUs === b.timestampUs) expect(a.trackId).toBeLessThanOrEqual(b.trackId);
    }
  });

  it('reads bytes and a path alike', async () => {
    const fromPath = await readMediaFile(FIXTURE_PATH);
    const fromBytes = await readMediaFile(new Uint8Array(await readFile(FIXTURE_PATH)));
    expect(fromBytes.tracks).toEqual(fromPath.tracks);
    expect(fromBytes.packets.map(packetSummary)).toEqual(fromPath.packets.map(packetSummary));
  });

  it('refuses garbage and empty input as UNSUPPORTED_FORMAT', async () => {
    await expectMediaFileError(() => readMediaFile(new Uint8Array(5000).fill(7)), 'UNSUPPORTED_FORMAT');
    await expectMediaFileError(() => readMediaFile(new Uint8Array(0)), 'UNSUPPORTED_FORMAT');
    await expectMediaFileError(() => readMediaFile(new TextEncoder().encode('{"not":"media"}')), 'UNSUPPORTED_FORMAT');
  });

  it('refuses a file cut short as TRUNCATED, wherever the cut is', async () => {
    const bytes = new Uint8Array(await readFile(FIXTURE_PATH));
    for (const length of [40, 100, 1_000, 5_000, bytes.byteLength >> 1, bytes.byteLength - 1]) {
      await expectMediaFileError(() => readMediaFile(bytes.subarray(0, length)), 'TRUNCATED');
    }
  });

  it('returns the packets before the cut when asked to', async () => {
    const bytes = new Uint8Array(await readFile(FIXTURE_PATH));
    const full = await readMediaFile(bytes);
    const half = await readMediaFile(bytes.subarray(0, bytes.byteLength >> 1), { allowTruncated: true });
    expect(half.packets.length).toBeGreaterThan(0);
    expect(half.packets.length).toBeLessThan(full.packets.length);
    expect(half.packets.map(packetSummary)).toEqual(full.packets.slice(0, half.packets.length).map(packetSummary));
    // Cut inside the headers: no track, or tracks without a packet.
    await expectMediaFileError(() => readMediaFile(bytes.subarray(0, 100), { allowTruncated: true }), 'NO_MEDIA');
    await expectMediaFileError(() => readMediaFile(bytes.subarray(0, 1000), { allowTruncated: true }), 'NO_MEDIA');
  });

  it('refuses files above maxBytes before reading them', async () => {
    await expectMediaFileError(() => readMediaFile(FIXTURE_PATH, { maxBytes: 1000 }), 'TOO_LARGE');
    await expectMediaFileError(() => readMediaFile(new Uint8Array(2000), { maxBytes: 1000 }), 'TOO_LARGE');
  });

  it('answers corrupted files with a result or a MediaFileError, never a hang or a foreign error', async () => {
    const bytes = new Uint8Array(await readFile(FIXTURE_PATH));
    let state = 12345;
    const next = (): number => (state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0);
    for (let round = 0; round < 40; round++) {
      const corrupted = bytes.slice();
      for (let i = 0; i < 20; i++) corrupted[next() % corrupted.byteLength] = next() & 0xff;
      try {
        await readMediaFile(corrupted);
      } catch (error) {
        expect(error).toBeInstanceOf(MediaFileError);
      }
    }
  });
});

describe('checkWebmFraming', () => {
  // EBML header (empty body), then a Segment and a Cluster of unknown size (01ffffffffffffff),
  // as live recorders write them; then a Timestamp (e7 81 00) and a 4-byte SimpleBlock.
  const LIVE = '1a45dfa380' + '18538067' + '01ffffffffffffff' + '1f43b675' + '01ffffffffffffff' + 'e78100' + 'a384' + '81000080';

  it('accepts a complete file, sized or live', async () => {
    expect(checkWebmFraming(new Uint8Array(await readFile(FIXTURE_PATH)))).toEqual({ kind: 'complete' });
    expect(checkWebmFraming(hexToBytes(LIVE))).toEqual({ kind: 'complete' });
    expect(checkWebmFraming(hexToBytes(LIVE + '1f43b675' + '01ffffffffffffff' + 'e78101'))).toEqual({ kind: 'complete' });
  });

  it('finds a cut inside any element of a live file', () => {
    const bytes = hexToBytes(LIVE);
    for (let length = 1; length < bytes.byteLength; length++) {
      const framing = checkWebmFraming(bytes.subarray(0, length));
      // A cut exactly between two elements inside the Segment is indistinguishable from the end of a live file.
      const between = [17, 29, 32].includes(length);
      expect(framing.kind, `cut at ${length}`).toBe(between ? 'complete' : 'truncated');
    }
  });

  it('leaves layouts it does not model to the demuxer', () => {
    expect(checkWebmFraming(hexToBytes('00'))).toEqual({ kind: 'unknown' });
    expect(checkWebmFraming(hexToBytes('1a45dfa380' + '1654ae6b80'))).toEqual({ kind: 'unknown' }); // Tracks, not a Segment
  });
});
