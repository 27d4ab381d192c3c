import { ByteReader } from '../binary/byte-reader.ts';
import { ByteWriter } from '../binary/byte-writer.ts';
import { MediaPayloadError } from './media-payload-error.ts';

// [Note: media payload]
// The sealed payload of a frame is a tiny container of encoded media packets, the units
// WebCodecs encoders emit and decoders take (EncodedVideoChunk / EncodedAudioChunk), plus
// the decoder configuration of each track when the frame has INIT set. MediaRecorder output
// is not used because its chunks are not independently decodable (no chunk starts on a cluster and only the first frame is a keyframe). Only
// clients read this format: it is inside the AES-GCM ciphertext, the server never sees it.
// Even so the decoder treats its input as hostile: a malicious driver can sign garbage.
// Layout in docs/PROTOCOL.md §6.
//
// [Note: signed stream info]
// What a viewer is shown about a stream (its title, when it started) must come from the
// driver, not from the server's tables, which a database editor can change. So the recorder
// puts a stream-info record in every INIT payload: it is encrypted and covered by the frame's
// chain signature like the media. The server's `title` is only an index for lists; viewing
// clients show the signed record and say so when the server's copy differs.

export const MEDIA_PAYLOAD_VERSION = 1;
/** Upper bound on records in one payload (a 100 ms frame holds a handful). */
export const MAX_MEDIA_RECORDS = 1024;

const RECORD_TRACK = 1;
const RECORD_PACKET = 2;
const RECORD_STREAM_INFO = 3;
/** Upper bound on the UTF-8 bytes of a signed stream title. */
export const MAX_STREAM_TITLE_BYTES = 255;
const MEDIA_KIND_VIDEO = 1;
const MEDIA_KIND_AUDIO = 2;
const PACKET_FLAG_KEY = 1;

interface TrackConfigBase {
  /** 0–255, unique within the stream. */
  readonly trackId: number;
  /** WebCodecs codec string, printable ASCII, 1–255 characters ("vp8", "avc1.42001f", "opus"). */
  readonly codec: string;
  /** Codec-specific decoder description (avcC, OpusHead...); empty when the codec needs none. */
  readonly description: Uint8Array;
}

/** Maps to a WebCodecs VideoDecoderConfig. */
export interface VideoTrackConfig extends TrackConfigBase {
  readonly kind: 'video';
  readonly codedWidth: number;
  readonly codedHeight: number;
}

/** Maps to a WebCodecs AudioDecoderConfig. */
export interface AudioTrackConfig extends TrackConfigBase {
  readonly kind: 'audio';
  readonly sampleRate: number;
  readonly numberOfChannels: number;
}

export type TrackConfig = VideoTrackConfig | AudioTrackConfig;

/** One encoded media unit (maps to EncodedVideoChunk / EncodedAudioChunk). */
export interface MediaPacket {
  readonly trackId: number;
  /** A key unit (decodable on its own) rather than a delta. */
  readonly key: boolean;
  /** Presentation timestamp in µs (signed, safe integer). */
  readonly timestampUs: number;
  /** Duration in µs, u32. */
  readonly durationUs: number;
  readonly data: Uint8Array;
}

/** What the driver signs about the stream in each INIT payload ([Note: signed stream info]). */
export interface StreamInfoRecord {
  /** The stream's title, at most 255 UTF-8 bytes, no control characters; may be empty. */
  readonly title: string;
  /** When the recording started, ms since the Unix epoch (safe integer). */
  readonly startedAtMs: number;
}

/**
 * The plaintext of a frame: the signed stream info and track configs (INIT frames), then
 * packets in decode order. `info` is absent when the payload has none.
 */
export interface MediaPayload {
  readonly info?: StreamInfoRecord;
  readonly tracks: readonly TrackConfig[];
  readonly packets: readonly MediaPacket[];
}

/** Encodes a payload. Throws MediaPayloadError for out-of-range fields. */
export function encodeMediaPayload(payload: MediaPayload): Uint8Array {
  const info = payload.info === undefined ? undefined : streamInfoBytes(payload.info);
  if (info !== undefined && payload.tracks.length === 0) throw new MediaPayloadError('BAD_RECORD', 'stream info without track records');
  const recordCount = (info === undefined ? 0 : 1) + payload.tracks.length + payload.packets.length;
  if (recordCount > MAX_MEDIA_RECORDS) throw new MediaPayloadError('TOO_MANY_RECORDS', `${recordCount} records`);
  ensureUniqueTracks(payload.tracks);
  let length = 3 + (info === undefined ? 0 : streamInfoRecordLength(info.title));
  for (const track of payload.tracks) length += trackRecordLength(ensureTrack(track));
  for (const packet of payload.packets) length += packetRecordLength(ensurePacket(packet));
  const writer = new ByteWriter(length).u8(MEDIA_PAYLOAD_VERSION).u16(recordCount);
  if (info !== undefined) writer.u8(RECORD_STREAM_INFO).u8(info.title.byteLength).raw(info.title).u64(BigInt(info.startedAtMs));
  for (const track of payload.tracks) writeTrack(writer, track);
  for (const packet of payload.packets) writePacket(writer, packet);
  return writer.finish();
}

/**
 * Decodes a payload; byte arrays in the result are views into `bytes`. Throws
 * MediaPayloadError with a stable code for anything malformed.
 */
export function decodeMediaPayload(bytes: Uint8Array): MediaPayload {
  const reader = new ByteReader(bytes, () => new MediaPayloadError('TRUNCATED', 'payload ends inside a record'));
  const version = reader.u8();
  if (version !== MEDIA_PAYLOAD_VERSION) throw new MediaPayloadError('BAD_VERSION', `unsupported version ${version}`);
  const recordCount = reader.u16();
  if (recordCount > MAX_MEDIA_RECORDS) throw new MediaPayloadError('TOO_MANY_RECORDS', `${recordCount} records`);
  let info: StreamInfoRecord | undefined;
  const tracks: TrackConfig[] = [];
  const packets: MediaPacket[] = [];
  for (let i = 0; i < recordCount; i++) {
    const kind = reader.u8();
    if (kind === RECORD_STREAM_INFO) {
      if (i !== 0) throw new MediaPayloadError('BAD_RECORD', 'stream info must be the first record');
      info = readStreamInfo(reader);
    } else if (kind === RECORD_TRACK) {
      if (packets.length > 0) throw new MediaPayloadError('BAD_RECORD', 'track record after a packet record');
      tracks.push(readTrack(reader));
    } else if (kind === RECORD_PACKET) {
      packets.push(readPacket(reader));
    } else {
      throw new MediaPayloadError('BAD_RECORD', `unknown record kind ${kind}`);
    }
  }
  if (reader.remaining !== 0) throw new MediaPayloadError('TRAILING_BYTES', `${reader.remaining} bytes after the last record`);
  if (info !== undefined && tracks.length === 0) throw new MediaPayloadError('BAD_RECORD', 'stream info without track records');
  ensureUniqueTracks(tracks);
  return info === undefined ? { tracks, packets } : { info, tracks, packets };
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
// C0 and C1 controls, and the bidirectional overrides that can make a title read backwards.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const DISALLOWED_TITLE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

function streamInfoBytes(info: StreamInfoRecord): { readonly title: Uint8Array; readonly startedAtMs: number } {
  ensureTitle(info.title);
  ensureRange(info.startedAtMs, 0, Number.MAX_SAFE_INTEGER, 'startedAtMs');
  const title = new TextEncoder().encode(info.title);
  if (title.byteLength > MAX_STREAM_TITLE_BYTES)
    throw new MediaPayloadError('BAD_FIELD', `title must be at most ${MAX_STREAM_TITLE_BYTES} UTF-8 bytes`);
  return { title, startedAtMs: info.startedAtMs };
}

function streamInfoRecordLength(title: Uint8Array): number {
  return 1 + 1 + title.byteLength + 8;
}

function readStreamInfo(reader: ByteReader): StreamInfoRecord {
  const titleBytes = reader.bytes(reader.u8());
  let title: string;
  try {
    title = utf8Decoder.decode(titleBytes);
  } catch {
    throw new MediaPayloadError('BAD_FIELD', 'title is not valid UTF-8');
  }
  ensureTitle(title);
  const startedAtMs = reader.u64();
  if (startedAtMs > BigInt(Number.MAX_SAFE_INTEGER)) throw new MediaPayloadError('BAD_FIELD', 'startedAtMs outside the safe integer range');
  return { title, startedAtMs: Number(startedAtMs) };
}

function ensureTitle(title: string): void {
  if (DISALLOWED_TITLE_CHARACTERS.test(title))
    throw new MediaPayloadError('BAD_FIELD', 'title contains control or direction-override characters');
}

function trackRecordLength(track: TrackConfig): number {
  const specific = track.kind === 'video' ? 4 : 5;
  return 1 + 1 + 1 + 1 + track.codec.length + specific + 4 + track.description.byteLength;
}

function packetRecordLength(packet: MediaPacket): number {
  return 1 + 1 + 1 + 8 + 4 + 4 + packet.data.byteLength;
}

function writeTrack(writer: ByteWriter, track: TrackConfig): void {
  writer.u8(RECORD_TRACK).u8(track.trackId);
  writer.u8(track.kind === 'video' ? MEDIA_KIND_VIDEO : MEDIA_KIND_AUDIO);
  writer.u8(track.codec.length).raw(asciiBytes(track.codec));
  if (track.kind === 'video') writer.u16(track.codedWidth).u16(track.codedHeight);
  else writer.u32(track.sampleRate).u8(track.numberOfChannels);
  writer.u32(track.description.byteLength).raw(track.description);
}

function writePacket(writer: ByteWriter, packet: MediaPacket): void {
  writer
    .u8(RECORD_PACKET)
    .u8(packet.trackId)
    .u8(packet.key ? PACKET_FLAG_KEY : 0);
  writer.i64(BigInt(packet.timestampUs)).u32(packet.durationUs);
  writer.u32(packet.data.byteLength).raw(packet.data);
}

function readTrack(reader: ByteReader): TrackConfig {
  const trackId = reader.u8();
  const mediaKind = reader.u8();
  const codec = readCodec(reader);
  if (mediaKind === MEDIA_KIND_VIDEO) {
    const codedWidth = reader.u16();
    const codedHeight = reader.u16();
    const description = reader.bytes(reader.u32());
    return ensureTrack({ kind: 'video', trackId, codec, codedWidth, codedHeight, description });
  }
  if (mediaKind === MEDIA_KIND_AUDIO) {
    const sampleRate = reader.u32();
    const numberOfChannels = reader.u8();
    const description = reader.bytes(reader.u32());
    return ensureTrack({ kind: 'audio', trackId, codec, sampleRate, numberOfChannels, description });
  }
  throw new MediaPayloadError('BAD_FIELD', `unknown media kind ${mediaKind}`);
}

function readPacket(reader: ByteReader): MediaPacket {
  const trackId = reader.u8();
  const flags = reader.u8();
  if ((flags & ~PACKET_FLAG_KEY) !== 0) throw new MediaPayloadError('BAD_FIELD', `reserved packet flag bits 0x${flags.toString(16)}`);
  const timestamp = reader.i64();
  if (timestamp > BigInt(Number.MAX_SAFE_INTEGER) || timestamp < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new MediaPayloadError('BAD_FIELD', 'timestamp outside the safe integer range');
  }
  const durationUs = reader.u32();
  const data = reader.bytes(reader.u32());
  return { trackId, key: (flags & PACKET_FLAG_KEY) !== 0, timestampUs: Number(timestamp), durationUs, data };
}

function readCodec(reader: ByteReader): string {
  const bytes = reader.bytes(reader.u8());
  let codec = '';
  for (const byte of bytes) codec += String.fromCharCode(byte);
  ensureCodec(codec);
  return codec;
}

function ensureTrack<T extends TrackConfig>(track: T): T {
  ensureRange(track.trackId, 0, 0xff, 'trackId');
  ensureCodec(track.codec);
  if (track.kind === 'video') {
    ensureRange(track.codedWidth, 1, 0xffff, 'codedWidth');
    ensureRange(track.codedHeight, 1, 0xffff, 'codedHeight');
  } else {
    ensureRange(track.sampleRate, 1, 0xffff_ffff, 'sampleRate');
    ensureRange(track.numberOfChannels, 1, 0xff, 'numberOfChannels');
  }
  return track;
}

function ensureCodec(codec: string): void {
  if (!/^[\x20-\x7e]{1,255}$/.test(codec)) throw new MediaPayloadError('BAD_FIELD', 'codec must be 1–255 printable ASCII characters');
}

function ensurePacket(packet: MediaPacket): MediaPacket {
  ensureRange(packet.trackId, 0, 0xff, 'trackId');
  ensureRange(packet.timestampUs, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 'timestampUs');
  ensureRange(packet.durationUs, 0, 0xffff_ffff, 'durationUs');
  return packet;
}

function ensureUniqueTracks(tracks: readonly TrackConfig[]): void {
  const seen = new Set<number>();
  for (const track of tracks) {
    if (seen.has(track.trackId)) throw new MediaPayloadError('DUPLICATE_TRACK', `track ${track.trackId} configured twice`);
    seen.add(track.trackId);
  }
}

function ensureRange(value: number, min: number, max: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new MediaPayloadError('BAD_FIELD', `${field} must be an integer in [${min}, ${max}]`);
  }
}

function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}
