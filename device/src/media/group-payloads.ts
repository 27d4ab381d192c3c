import {
  FRAME_HEADER_BYTES,
  FrameFlags,
  GCM_TAG_BYTES,
  MAX_FRAME_BYTES,
  MAX_MEDIA_RECORDS,
  MediaPayloadError,
  SIGNATURE_BYTES,
  encodeMediaPayload,
  type MediaPacket,
  type TrackConfig,
} from '@seccam/schema';
import { MediaFileError } from './media-file-error.ts';

// [Note: grouping packets into frames]
// One sealed frame carries about `targetMs` of media (docs/PROTOCOL.md §6): short enough for
// low latency, long enough that the 158 bytes of frame overhead and one signature per frame
// stay cheap. The *join track* is the first video track (the first audio track for
// audio-only media). A group is cut
//   - before a key packet of the join track, unless the group holds no join-track packet yet
//     (so leading audio at t = 0 shares the first frame with the first video keyframe), and
//   - before a packet that would stretch the group's time span beyond `targetMs` (a single
//     longer packet gets a group of its own), and
//   - before the record-count or frame-size limit is reached.
// So every join-track keyframe is the first join-track packet of its group: KEYFRAME is set on
// exactly those groups, and INIT (the track records) with it, which makes every KEYFRAME frame a
// complete join point (PROTOCOL.md §2). The first group always carries INIT as well: a viewer
// starting at seq 0 needs the decoder configurations even if the media starts with a delta.

/** One frame's worth of media, ready for `sealFrame`. */
export interface PayloadGroup {
  /** `encodeMediaPayload` output: the plaintext to seal. */
  readonly payload: Uint8Array;
  /** The group's first join-track packet is a key packet. */
  readonly keyframe: boolean;
  /** The payload holds the track records. */
  readonly init: boolean;
  /** `FrameFlags.INIT` / `FrameFlags.KEYFRAME` to seal with (END is the caller's). */
  readonly flags: number;
  /** Capture time of the group's first media, ms since the Unix epoch (`captureStartMs` + media time). */
  readonly captureTsMs: number;
  /** Earliest packet timestamp in the group, µs of media time. */
  readonly timestampUs: number;
  /** From the earliest packet start to the latest packet end, µs. */
  readonly durationUs: number;
  readonly packetCount: number;
}

export interface GroupOptions {
  /** Media per frame (default 100 ms). */
  readonly targetMs?: number;
  /** Wall-clock time of media time 0, ms since the Unix epoch (default 0). */
  readonly captureStartMs?: number;
  /** Largest payload (default: what fits in a `MAX_FRAME_BYTES` frame). */
  readonly maxPayloadBytes?: number;
}

const PACKET_RECORD_OVERHEAD = 19;
const DEFAULT_MAX_PAYLOAD_BYTES = MAX_FRAME_BYTES - FRAME_HEADER_BYTES - GCM_TAG_BYTES - SIGNATURE_BYTES;

interface OpenGroup {
  packets: MediaPacket[];
  startUs: number;
  endUs: number;
  bytes: number;
  hasJoinPacket: boolean;
}

/**
 * Cuts packets in decode order into frame payloads ([Note: grouping packets into frames]).
 * Decoding every payload and concatenating their packets gives back `packets` unchanged.
 * @throws MediaFileError `BAD_FIELD` for a packet of an unknown track or a field the payload
 *   cannot carry, `TOO_LARGE` for one packet that cannot fit in a frame
 */
export function groupIntoPayloads(
  tracks: readonly TrackConfig[],
  packets: readonly MediaPacket[],
  options: GroupOptions = {},
): PayloadGroup[] {
  const targetMs = options.targetMs ?? 100;
  if (!(targetMs > 0)) throw new RangeError('targetMs must be positive');
  const targetUs = targetMs * 1000;
  const maxPayloadBytes = options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
  const captureStartMs = options.captureStartMs ?? 0;
  const joinTrack = tracks.find((track) => track.kind === 'video') ?? tracks[0];
  const cutAtKeys = joinTrack?.kind === 'video';
  const trackIds = new Set(tracks.map((track) => track.trackId));
  // Room for the payload header and the track records, which any group may need.
  const reserved = encodeTracks(tracks).byteLength;
  const groups: PayloadGroup[] = [];
  let open: OpenGroup | null = null;
  for (const packet of packets) {
    if (!trackIds.has(packet.trackId)) throw new MediaFileError('BAD_FIELD', `packet of unconfigured track ${packet.trackId}`);
    const recordBytes = PACKET_RECORD_OVERHEAD + packet.data.byteLength;
    if (reserved + recordBytes > maxPayloadBytes)
      throw new MediaFileError('TOO_LARGE', `a packet of ${packet.data.byteLength} bytes does not fit in a frame`);
    const isJoinPacket = packet.trackId === joinTrack?.trackId;
    if (open !== null) {
      const span = Math.max(open.endUs, packet.timestampUs + packet.durationUs) - Math.min(open.startUs, packet.timestampUs);
      const cut =
        (cutAtKeys && isJoinPacket && packet.key && open.hasJoinPacket) ||
        span > targetUs ||
        open.packets.length + 1 + tracks.length > MAX_MEDIA_RECORDS ||
        reserved + open.bytes + recordBytes > maxPayloadBytes;
      if (cut) {
        groups.push(closeGroup(open, tracks, joinTrack, groups.length === 0, captureStartMs));
        open = null;
      }
    }
    open ??= { packets: [], startUs: packet.timestampUs, endUs: packet.timestampUs + packet.durationUs, bytes: 0, hasJoinPacket: false };
    open.packets.push(packet);
    open.startUs = Math.min(open.startUs, packet.timestampUs);
    open.endUs = Math.max(open.endUs, packet.timestampUs + packet.durationUs);
    open.bytes += recordBytes;
    open.hasJoinPacket ||= isJoinPacket;
  }
  if (open !== null) groups.push(closeGroup(open, tracks, joinTrack, groups.length === 0, captureStartMs));
  return groups;
}

function closeGroup(
  group: OpenGroup,
  tracks: readonly TrackConfig[],
  joinTrack: TrackConfig | undefined,
  first: boolean,
  captureStartMs: number,
): PayloadGroup {
  const firstJoinPacket = group.packets.find((packet) => packet.trackId === joinTrack?.trackId);
  const keyframe = firstJoinPacket?.key === true;
  const init = keyframe || first;
  const payload = encodePayload(init ? tracks : [], group.packets);
  return {
    payload,
    keyframe,
    init,
    flags: (keyframe ? FrameFlags.KEYFRAME : 0) | (init ? FrameFlags.INIT : 0),
    captureTsMs: Math.max(0, captureStartMs + Math.floor(group.startUs / 1000)),
    timestampUs: group.startUs,
    durationUs: group.endUs - group.startUs,
    packetCount: group.packets.length,
  };
}

function encodeTracks(tracks: readonly TrackConfig[]): Uint8Array {
  return encodePayload(tracks, []);
}

function encodePayload(tracks: readonly TrackConfig[], packets: readonly MediaPacket[]): Uint8Array {
  try {
    return encodeMediaPayload({ tracks, packets });
  } catch (error) {
    if (error instanceof MediaPayloadError) throw new MediaFileError('BAD_FIELD', error.message, { cause: error });
    throw error;
  }
}
