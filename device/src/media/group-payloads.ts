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
  type StreamInfoRecord,
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
// With `info`, every INIT payload also starts with the signed stream info ([Note: signed
// stream info]), so a viewer who joins at any keyframe learns the driver's own title and start.

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
  /** The stream's title and start, signed in every INIT payload (omitted: none). */
  readonly info?: StreamInfoRecord;
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
  const grouper = new PayloadGrouper(tracks, options);
  const groups = packets.flatMap((packet) => grouper.push(packet));
  const last = grouper.flush();
  return last === null ? groups : [...groups, last];
}

/**
 * The same cutting rule, one packet at a time, for live sources (a camera encoder): `push` returns
 * the group a packet closed, if any; `flush` closes the open group (at stop, or when a live source
 * wants its media on the wire now: a camera flushes after each video packet, one frame per video
 * frame, so a frame never waits for the next one).
 */
export class PayloadGrouper {
  readonly #tracks: readonly TrackConfig[];
  readonly #info: StreamInfoRecord | undefined;
  readonly #targetUs: number;
  readonly #maxPayloadBytes: number;
  readonly #captureStartMs: number;
  readonly #joinTrack: TrackConfig | undefined;
  readonly #cutAtKeys: boolean;
  readonly #trackIds: ReadonlySet<number>;
  /** Room for the payload header and the track records, which any group may need. */
  readonly #reserved: number;
  #open: OpenGroup | null = null;
  #groups = 0;

  constructor(tracks: readonly TrackConfig[], options: GroupOptions = {}) {
    const targetMs = options.targetMs ?? 100;
    if (!(targetMs > 0)) throw new RangeError('targetMs must be positive');
    this.#tracks = tracks;
    this.#info = tracks.length > 0 ? options.info : undefined;
    this.#targetUs = targetMs * 1000;
    this.#maxPayloadBytes = options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
    this.#captureStartMs = options.captureStartMs ?? 0;
    this.#joinTrack = tracks.find((track) => track.kind === 'video') ?? tracks[0];
    this.#cutAtKeys = this.#joinTrack?.kind === 'video';
    this.#trackIds = new Set(tracks.map((track) => track.trackId));
    this.#reserved = encodePayload(this.#info, tracks, []).byteLength;
  }

  /** Adds the next packet in decode order; returns the group it closed (empty when none). */
  push(packet: MediaPacket): PayloadGroup[] {
    if (!this.#trackIds.has(packet.trackId)) throw new MediaFileError('BAD_FIELD', `packet of unconfigured track ${packet.trackId}`);
    const recordBytes = PACKET_RECORD_OVERHEAD + packet.data.byteLength;
    if (this.#reserved + recordBytes > this.#maxPayloadBytes)
      throw new MediaFileError('TOO_LARGE', `a packet of ${packet.data.byteLength} bytes does not fit in a frame`);
    const isJoinPacket = packet.trackId === this.#joinTrack?.trackId;
    const closed: PayloadGroup[] = [];
    const open = this.#open;
    if (open !== null) {
      const span = Math.max(open.endUs, packet.timestampUs + packet.durationUs) - Math.min(open.startUs, packet.timestampUs);
      const cut =
        (this.#cutAtKeys && isJoinPacket && packet.key && open.hasJoinPacket) ||
        span > this.#targetUs ||
        open.packets.length + 1 + this.#tracks.length + (this.#info === undefined ? 0 : 1) > MAX_MEDIA_RECORDS ||
        this.#reserved + open.bytes + recordBytes > this.#maxPayloadBytes;
      if (cut) {
        const group = this.flush();
        if (group !== null) closed.push(group);
      }
    }
    const group = (this.#open ??= {
      packets: [],
      startUs: packet.timestampUs,
      endUs: packet.timestampUs + packet.durationUs,
      bytes: 0,
      hasJoinPacket: false,
    });
    group.packets.push(packet);
    group.startUs = Math.min(group.startUs, packet.timestampUs);
    group.endUs = Math.max(group.endUs, packet.timestampUs + packet.durationUs);
    group.bytes += recordBytes;
    group.hasJoinPacket ||= isJoinPacket;
    return closed;
  }

  /** Closes the open group now; null when none is open. */
  flush(): PayloadGroup | null {
    const open = this.#open;
    if (open === null) return null;
    this.#open = null;
    const group = closeGroup(open, this.#info, this.#tracks, this.#joinTrack, this.#groups === 0, this.#captureStartMs);
    this.#groups += 1;
    return group;
  }
}

function closeGroup(
  group: OpenGroup,
  info: StreamInfoRecord | undefined,
  tracks: readonly TrackConfig[],
  joinTrack: TrackConfig | undefined,
  first: boolean,
  captureStartMs: number,
): PayloadGroup {
  const firstJoinPacket = group.packets.find((packet) => packet.trackId === joinTrack?.trackId);
  const keyframe = firstJoinPacket?.key === true;
  const init = keyframe || first;
  const payload = init ? encodePayload(info, tracks, group.packets) : encodePayload(undefined, [], group.packets);
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

function encodePayload(info: StreamInfoRecord | undefined, tracks: readonly TrackConfig[], packets: readonly MediaPacket[]): Uint8Array {
  try {
    return encodeMediaPayload(info === undefined ? { tracks, packets } : { info, tracks, packets });
  } catch (error) {
    if (error instanceof MediaPayloadError) throw new MediaFileError('BAD_FIELD', error.message, { cause: error });
    throw error;
  }
}
