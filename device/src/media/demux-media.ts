import {
  BufferSource,
  EncodedPacketSink,
  Input,
  MATROSKA,
  WEBM,
  type EncodedPacket,
  type InputAudioTrack,
  type InputVideoTrack,
} from 'mediabunny';
import { MediaPayloadError, encodeMediaPayload, type MediaPacket, type TrackConfig } from '@seccam/schema';
import { MediaFileError } from './media-file-error.ts';
import { mergeByTimestamp } from './merge-packets.ts';
import { checkWebmFraming } from './webm-framing.ts';

/** Tracks and their encoded packets, in decode order across tracks. */
export interface DemuxedMedia {
  readonly tracks: readonly TrackConfig[];
  readonly packets: readonly MediaPacket[];
}

export interface ReadMediaOptions {
  /** Largest file accepted (default {@link DEFAULT_MAX_MEDIA_FILE_BYTES}). */
  readonly maxBytes?: number;
  /** Return the packets before the cut of a truncated file instead of refusing it (default false). */
  readonly allowTruncated?: boolean;
}

/** 1 GiB: every packet is held in memory, so the reader refuses more. */
export const DEFAULT_MAX_MEDIA_FILE_BYTES = 1024 ** 3;

const MICROS_PER_SECOND = 1_000_000;
const MAX_U32 = 0xffff_ffff;

/**
 * Demuxes the bytes of a WebM (or Matroska) file into encoded packets with mediabunny, without
 * WebCodecs (so in Node and in browsers alike; `readMediaFile` in `@seccam/device/node` reads
 * the file from disk first): the input of `groupIntoPayloads`. Tracks get ids 0, 1, … in file order (subtitle
 * tracks are skipped); codecs are WebCodecs codec strings with the decoder description when the
 * container has one ([Note: codec names]). Packets of all tracks are merged by timestamp,
 * keeping each track's own decode order; at equal timestamps video comes first, so a group can
 * start at a video keyframe. Times are whole microseconds.
 * @throws MediaFileError `UNSUPPORTED_FORMAT`, `TRUNCATED` ([Note: truncated WebM]), `MALFORMED`,
 *   `NO_MEDIA`, `UNSUPPORTED_CODEC`, `TOO_LARGE`, `BAD_FIELD`
 */
export async function demuxMedia(bytes: Uint8Array, options: ReadMediaOptions = {}): Promise<DemuxedMedia> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_MEDIA_FILE_BYTES;
  if (bytes.byteLength > maxBytes) throw new MediaFileError('TOO_LARGE', `${bytes.byteLength} bytes is above the limit of ${maxBytes}`);
  const input = new Input({ formats: [WEBM, MATROSKA], source: new BufferSource(bytes) });
  try {
    if (!(await input.canRead())) throw new MediaFileError('UNSUPPORTED_FORMAT', 'not a WebM or Matroska file');
    if (options.allowTruncated !== true) {
      const framing = checkWebmFraming(bytes);
      if (framing.kind === 'truncated') throw new MediaFileError('TRUNCATED', framing.message);
    }
    return await demux(input);
  } catch (error) {
    if (error instanceof MediaFileError) throw error;
    throw new MediaFileError('MALFORMED', 'the demuxer could not read the file', { cause: error });
  } finally {
    input.dispose();
  }
}

async function demux(input: Input): Promise<DemuxedMedia> {
  const inputTracks = (await input.getTracks()).filter((track) => track.isVideoTrack() || track.isAudioTrack());
  if (inputTracks.length === 0) throw new MediaFileError('NO_MEDIA', 'the file has no audio or video track');
  if (inputTracks.length > 256) throw new MediaFileError('BAD_FIELD', 'more than 256 tracks');
  const tracks: TrackConfig[] = [];
  const perTrack: MediaPacket[][] = [];
  for (const [trackId, track] of inputTracks.entries()) {
    tracks.push(await trackConfigOf(track, trackId));
    const packets: MediaPacket[] = [];
    for await (const packet of new EncodedPacketSink(track).packets()) packets.push(mediaPacketOf(packet, trackId));
    perTrack.push(packets);
  }
  ensureTracks(tracks);
  const packets = mergeByTimestamp(tracks, perTrack);
  if (packets.length === 0) throw new MediaFileError('NO_MEDIA', 'the file holds no media packets');
  return { tracks, packets };
}

async function trackConfigOf(track: InputVideoTrack | InputAudioTrack, trackId: number): Promise<TrackConfig> {
  if (track.isVideoTrack()) {
    const config = await track.getDecoderConfig();
    if (config === null) throw unsupportedCodec(await track.getInternalCodecId(), trackId);
    return {
      kind: 'video',
      trackId,
      codec: config.codec,
      codedWidth: config.codedWidth ?? (await track.getCodedWidth()),
      codedHeight: config.codedHeight ?? (await track.getCodedHeight()),
      description: bytesOf(config.description),
    };
  }
  const config = await track.getDecoderConfig();
  if (config === null) throw unsupportedCodec(await track.getInternalCodecId(), trackId);
  return {
    kind: 'audio',
    trackId,
    codec: config.codec,
    sampleRate: config.sampleRate,
    numberOfChannels: config.numberOfChannels,
    description: bytesOf(config.description),
  };
}

function unsupportedCodec(internalId: unknown, trackId: number): MediaFileError {
  const name = typeof internalId === 'string' || typeof internalId === 'number' ? String(internalId) : 'unknown';
  return new MediaFileError('UNSUPPORTED_CODEC', `track ${trackId} uses codec ${name}, which has no WebCodecs configuration`);
}

function mediaPacketOf(packet: EncodedPacket, trackId: number): MediaPacket {
  // Matroska times are whole milliseconds by default; rounding (not truncating) keeps
  // 0.007 s at 7000 µs despite binary floating point.
  const timestampUs = Math.round(packet.timestamp * MICROS_PER_SECOND);
  const durationUs = Math.round(packet.duration * MICROS_PER_SECOND);
  if (!Number.isSafeInteger(timestampUs)) throw new MediaFileError('BAD_FIELD', `track ${trackId} has a timestamp out of range`);
  if (!(durationUs >= 0 && durationUs <= MAX_U32))
    throw new MediaFileError('BAD_FIELD', `track ${trackId} has a packet duration out of range`);
  return { trackId, key: packet.type === 'key', timestampUs, durationUs, data: packet.data };
}

/** Track fields must fit the media payload (docs/PROTOCOL.md §6): checked by its own encoder. */
function ensureTracks(tracks: readonly TrackConfig[]): void {
  try {
    encodeMediaPayload({ tracks, packets: [] });
  } catch (error) {
    if (error instanceof MediaPayloadError)
      throw new MediaFileError('BAD_FIELD', `a track cannot be carried: ${error.message}`, { cause: error });
    throw error;
  }
}

function bytesOf(description: AllowSharedBufferSource | undefined): Uint8Array {
  if (description === undefined) return new Uint8Array(0);
  if (ArrayBuffer.isView(description)) return new Uint8Array(description.buffer, description.byteOffset, description.byteLength).slice();
  return new Uint8Array(description).slice();
}
