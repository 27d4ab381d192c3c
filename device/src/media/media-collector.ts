import type { MediaPacket, MediaPayload, StreamInfoRecord, TrackConfig } from '@seccam/schema';

/**
 * Collects the media of decrypted frames, in order, for a file (`writeWebm`): the first track
 * configurations seen, then every packet from that frame on. Packets before the first track
 * configuration cannot be decoded and are left out.
 */
export class MediaCollector {
  #info: StreamInfoRecord | null = null;
  #tracks: readonly TrackConfig[] = [];
  readonly #packets: MediaPacket[] = [];

  /** The first signed stream info seen ([Note: signed stream info]); null when no frame had one. */
  get info(): StreamInfoRecord | null {
    return this.#info;
  }
  get tracks(): readonly TrackConfig[] {
    return this.#tracks;
  }
  get packets(): readonly MediaPacket[] {
    return this.#packets;
  }

  /** Adds one frame's payload (null for a frame without readable media, which adds nothing). */
  add(payload: MediaPayload | null): void {
    if (payload === null) return;
    this.#info ??= payload.info ?? null;
    if (this.#tracks.length === 0 && payload.tracks.length > 0) this.#tracks = payload.tracks;
    if (this.#tracks.length > 0) this.#packets.push(...payload.packets);
  }
}
