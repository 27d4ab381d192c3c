import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaPacket, TrackConfig } from '@seccam/schema';
import { FIXTURE_PATH, expectMediaFileError, packetSummary } from './media-fixtures.test-support.ts';
import { readMediaFile } from '../node/read-media-file.ts';
import { syntheticSource } from './synthetic-source.ts';
import { writeWebm } from './write-webm.ts';

const run = promisify(execFile);

interface ProbeOutput {
  streams: { codec_name: string; codec_type: string }[];
  format: { format_name: string; duration: string };
}

/** Packets as compared after a WebM round trip: durations are inferred by demuxers (see writeWebm). */
function withoutDuration(packet: MediaPacket): Omit<ReturnType<typeof packetSummary>, 'durationUs'> {
  const { trackId, key, timestampUs, data } = packetSummary(packet);
  return { trackId, key, timestampUs, data };
}

describe('writeWebm', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seccam-webm-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the fixture back: same tracks, same packet bytes, flags and times', async () => {
    const original = await readMediaFile(FIXTURE_PATH);
    const written = await readMediaFile(await writeWebm(original.tracks, original.packets));
    expect(written.tracks).toEqual(original.tracks);
    expect(written.packets.map(withoutDuration)).toEqual(original.packets.map(withoutDuration));
    const changed = written.packets.filter((packet, i) => packet.durationUs !== original.packets[i]?.durationUs);
    expect(changed.every((packet) => packet.durationUs === 0)).toBe(true); // last block of a cluster
    expect(changed.length).toBeLessThanOrEqual(5);
  });

  it('writes a file ffprobe reads and ffmpeg decodes without errors', async () => {
    const { tracks, packets } = await readMediaFile(FIXTURE_PATH);
    const path = join(dir, 'round-trip.webm');
    await writeFile(path, await writeWebm(tracks, packets));
    const { stdout } = await run('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'stream=codec_name,codec_type:format=format_name,duration',
      '-of',
      'json',
      path,
    ]);
    const probe = JSON.parse(stdout) as ProbeOutput;
    expect(probe.streams.map((stream) => [stream.codec_type, stream.codec_name])).toEqual([
      ['video', 'vp8'],
      ['audio', 'opus'],
    ]);
    expect(probe.format.format_name).toContain('webm');
    expect(Number(probe.format.duration)).toBeCloseTo(4, 1);
    const decoded = await run('ffmpeg', ['-v', 'error', '-i', path, '-f', 'null', '-']);
    expect(decoded.stderr).toBe('');
  });

  it('round-trips synthetic packets byte for byte', async () => {
    const { tracks, packets } = syntheticSource({ seconds: 3, fps: 25, keyframeEveryMs: 1000, bytesPerFrame: 200, audio: true });
    const written = await readMediaFile(await writeWebm(tracks, packets));
    expect(written.tracks).toEqual(tracks);
    expect(written.packets.map(withoutDuration)).toEqual(packets.map(withoutDuration));
  });

  it('writes a track that has no packets', async () => {
    const [video] = (await readMediaFile(FIXTURE_PATH)).tracks;
    const audio: TrackConfig = {
      kind: 'audio',
      trackId: 1,
      codec: 'opus',
      sampleRate: 48_000,
      numberOfChannels: 2,
      description: new Uint8Array(0),
    };
    if (video === undefined) throw new Error('fixture');
    const bytes = await writeWebm([video, audio], []);
    expect(bytes.byteLength).toBeGreaterThan(0);
  });

  it('refuses codecs WebM cannot hold and packets of unknown tracks', async () => {
    const avc: TrackConfig = {
      kind: 'video',
      trackId: 0,
      codec: 'avc1.42001f',
      codedWidth: 64,
      codedHeight: 48,
      description: new Uint8Array(0),
    };
    await expectMediaFileError(() => writeWebm([avc], []), 'UNSUPPORTED_CODEC');
    const aac: TrackConfig = {
      kind: 'audio',
      trackId: 0,
      codec: 'mp4a.40.2',
      sampleRate: 48_000,
      numberOfChannels: 1,
      description: new Uint8Array(0),
    };
    await expectMediaFileError(() => writeWebm([aac], []), 'UNSUPPORTED_CODEC');
    const { tracks, packets } = syntheticSource({ seconds: 1 });
    await expectMediaFileError(() => writeWebm(tracks, [...packets, { ...packets[0], trackId: 5 } as MediaPacket]), 'BAD_FIELD');
    await expectMediaFileError(() => writeWebm([], []), 'NO_MEDIA');
  });
});
