import { openFrame, type EpochKey } from '@seccam/pki';
import {
  FrameFlags,
  MediaPayloadError,
  bytesEqual,
  decodeMediaPayload,
  hasFlag,
  type DecodedFrame,
  type MediaPacket,
  type StreamInfoRecord,
  type TrackConfig,
} from '@seccam/schema';

export type OpenedMedia =
  | {
      readonly ok: true;
      readonly info: StreamInfoRecord | null;
      readonly tracks: readonly TrackConfig[];
      readonly packets: readonly MediaPacket[];
    }
  | { readonly ok: false; readonly reason: 'decrypt' | 'payload'; readonly detail: string; readonly seq: number };

/**
 * Decrypts every (already verified) frame and collects its media: track configurations, which
 * must stay the same for a track across INIT frames, and packets in order, each of a configured
 * track. INIT must be set exactly on payloads with track records (docs/PROTOCOL.md §6).
 */
export async function openEvidenceMedia(
  frames: readonly DecodedFrame[],
  keys: ReadonlyMap<number, EpochKey>,
  crypto: Crypto,
  onProgress?: (progress: { readonly step: 'media'; readonly done: number; readonly total: number }) => void,
): Promise<OpenedMedia> {
  let info: StreamInfoRecord | null = null;
  const tracks = new Map<number, TrackConfig>();
  const packets: MediaPacket[] = [];
  for (const [index, frame] of frames.entries()) {
    const { seq, epoch, flags } = frame.header;
    const key = keys.get(epoch);
    if (key === undefined) return { ok: false, reason: 'decrypt', detail: `no key for epoch ${epoch}`, seq };
    const opened = await openFrame(frame, key, crypto);
    if (!opened.ok) return { ok: false, reason: 'decrypt', detail: opened.message, seq };
    const fail = (detail: string): OpenedMedia => ({ ok: false, reason: 'payload', detail, seq });
    let payload;
    try {
      payload = decodeMediaPayload(opened.payload);
    } catch (error) {
      if (error instanceof MediaPayloadError) return fail(error.message);
      throw error;
    }
    if (hasFlag(flags, FrameFlags.INIT) !== payload.tracks.length > 0)
      return fail('INIT is not set exactly when the payload has track records');
    info ??= payload.info ?? null;
    for (const track of payload.tracks) {
      const known = tracks.get(track.trackId);
      if (known !== undefined && !sameTrack(known, track)) return fail(`track ${track.trackId} changes its configuration`);
      tracks.set(track.trackId, track);
    }
    for (const packet of payload.packets) {
      if (!tracks.has(packet.trackId)) return fail(`packet of track ${packet.trackId} before its configuration`);
      packets.push(packet);
    }
    onProgress?.({ step: 'media', done: index + 1, total: frames.length });
  }
  return { ok: true, info, tracks: [...tracks.values()].sort((a, b) => a.trackId - b.trackId), packets };
}

function sameTrack(a: TrackConfig, b: TrackConfig): boolean {
  if (a.codec !== b.codec || !bytesEqual(a.description, b.description)) return false;
  if (a.kind === 'video') return b.kind === 'video' && a.codedWidth === b.codedWidth && a.codedHeight === b.codedHeight;
  return b.kind === 'audio' && a.sampleRate === b.sampleRate && a.numberOfChannels === b.numberOfChannels;
}
