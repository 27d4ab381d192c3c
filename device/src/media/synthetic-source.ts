import type { MediaPacket, TrackConfig } from '@seccam/schema';
import { mergeByTimestamp } from './merge-packets.ts';
import type { DemuxedMedia } from './demux-media.ts';

// [Note: synthetic test source]
// `stream --test-source` and the benchmarks need media of a chosen rate, size and keyframe
// interval without an encoder. The packets are pseudo-random bytes from a seeded generator
// (mulberry32), so the same options always give the same bytes. They have the shape of real
// media (a VP8 track, optionally an Opus track with 20 ms packets) but are not decodable:
// use the committed fixture (device/fixtures) where pixels matter.

export interface SyntheticSourceOptions {
  /** Length of the media, 0 < seconds ≤ 86 400. */
  readonly seconds: number;
  /** Video frames per second (default 20, at most 240). */
  readonly fps?: number;
  /** A key packet whenever media time crosses a multiple of this (default 1000 ms). */
  readonly keyframeEveryMs?: number;
  /** Bytes of a delta video packet (default 2000). */
  readonly bytesPerFrame?: number;
  /** Bytes of a key video packet (default 4 × bytesPerFrame, as encoders spend more on keyframes). */
  readonly keyframeBytes?: number;
  /** Seed of the byte generator (default 1). */
  readonly seed?: number;
  /** Add an Opus-like audio track: 20 ms packets of 80 bytes, 48 kHz mono (default false). */
  readonly audio?: boolean;
}

const MAX_SECONDS = 86_400;
const MAX_PACKET_BYTES = 1024 * 1024;
const AUDIO_PACKET_US = 20_000;
const AUDIO_PACKET_BYTES = 80;
/** OpusHead (RFC 7845 §5.1): version 1, 1 channel, pre-skip 312, 48 kHz, gain 0, mapping family 0. */
const OPUS_HEAD = Uint8Array.of(0x4f, 0x70, 0x75, 0x73, 0x48, 0x65, 0x61, 0x64, 1, 1, 0x38, 0x01, 0x80, 0xbb, 0, 0, 0, 0, 0);

/**
 * A deterministic generated source ([Note: synthetic test source]): tracks and packets in the
 * same shape as `readMediaFile` returns. Video is track 0 (VP8, 640×480), audio track 1.
 * @throws RangeError for options out of range
 */
export function syntheticSource(options: SyntheticSourceOptions): DemuxedMedia {
  const fps = options.fps ?? 20;
  const keyframeEveryUs = (options.keyframeEveryMs ?? 1000) * 1000;
  const bytesPerFrame = options.bytesPerFrame ?? 2000;
  const keyframeBytes = options.keyframeBytes ?? 4 * bytesPerFrame;
  ensureRange('seconds', options.seconds, Number.MIN_VALUE, MAX_SECONDS);
  ensureRange('fps', fps, 1, 240);
  ensureRange('keyframeEveryMs', keyframeEveryUs / 1000, 1, MAX_SECONDS * 1000);
  ensureInteger('bytesPerFrame', bytesPerFrame, 1, MAX_PACKET_BYTES);
  ensureInteger('keyframeBytes', keyframeBytes, 1, MAX_PACKET_BYTES);
  const random = mulberry32(options.seed ?? 1);
  const totalUs = Math.round(options.seconds * 1_000_000);

  const video: MediaPacket[] = [];
  const frames = Math.max(1, Math.round(options.seconds * fps));
  for (let i = 0; i < frames; i++) {
    const timestampUs = Math.round((i * 1_000_000) / fps);
    const nextUs = Math.round(((i + 1) * 1_000_000) / fps);
    const previousUs = Math.round(((i - 1) * 1_000_000) / fps);
    const key = i === 0 || Math.floor(timestampUs / keyframeEveryUs) > Math.floor(previousUs / keyframeEveryUs);
    video.push({
      trackId: 0,
      key,
      timestampUs,
      durationUs: nextUs - timestampUs,
      data: randomBytes(random, key ? keyframeBytes : bytesPerFrame),
    });
  }
  const tracks: TrackConfig[] = [
    { kind: 'video', trackId: 0, codec: 'vp8', codedWidth: 640, codedHeight: 480, description: new Uint8Array(0) },
  ];
  const perTrack: MediaPacket[][] = [video];
  if (options.audio === true) {
    tracks.push({ kind: 'audio', trackId: 1, codec: 'opus', sampleRate: 48_000, numberOfChannels: 1, description: OPUS_HEAD.slice() });
    const audio: MediaPacket[] = [];
    for (let timestampUs = 0; timestampUs < totalUs; timestampUs += AUDIO_PACKET_US) {
      audio.push({ trackId: 1, key: true, timestampUs, durationUs: AUDIO_PACKET_US, data: randomBytes(random, AUDIO_PACKET_BYTES) });
    }
    perTrack.push(audio);
  }
  return { tracks, packets: mergeByTimestamp(tracks, perTrack) };
}

/** mulberry32: a small, fast 32-bit PRNG; plenty for filler bytes, never for keys. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

function randomBytes(random: () => number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  const view = new DataView(bytes.buffer);
  let offset = 0;
  for (; offset + 4 <= length; offset += 4) view.setUint32(offset, random());
  if (offset === length) return bytes;
  const last = random();
  for (let shift = 24; offset < length; offset++, shift -= 8) bytes[offset] = (last >>> shift) & 0xff;
  return bytes;
}

function ensureRange(name: string, value: number, min: number, max: number): void {
  if (!(Number.isFinite(value) && value >= min && value <= max)) throw new RangeError(`${name} must be in [${min}, ${max}]`);
}

function ensureInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new RangeError(`${name} must be an integer in [${min}, ${max}]`);
}
