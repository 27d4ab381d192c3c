/**
 * The verified, decrypted media of one recording as the page has received it, in seq order,
 * with where each video keyframe is, so a player can start anywhere ([Note: seeking from a
 * keyframe] in video-playback.ts).
 *
 * [Note: the page keeps what it verified]
 * A watch from seq 0 verifies the chain from the genesis; a watch from a later seq could only
 * check signatures from there on. So the player reads the stream once, from the genesis, and
 * keeps the decrypted payloads in memory (as the WebM download does): seeking back or forward
 * within what arrived never asks the server again and never weakens the check. Nothing is
 * stored; the media leaves memory with the page.
 */
import type { MediaPayload, VideoTrackConfig } from '@seccam/schema';

export interface TimelineEntry {
  readonly seq: number;
  readonly payload: MediaPayload;
  /** Timestamp of the first video key packet in this payload, if it has one. */
  readonly keyUs: number | null;
}

export class VerifiedTimeline {
  readonly #entries: TimelineEntry[] = [];
  #track: VideoTrackConfig | undefined;
  #firstUs: number | null = null;
  #endUs: number | null = null;
  #complete = false;
  #waiters: (() => void)[] = [];

  /** The video track (from the first payload that described it). */
  get track(): VideoTrackConfig | undefined {
    return this.#track;
  }
  get length(): number {
    return this.#entries.length;
  }
  /** The first video timestamp: position 0. */
  get originUs(): number | null {
    return this.#firstUs;
  }
  /** How much video has arrived, µs from the first timestamp. */
  get durationUs(): number {
    return this.#firstUs === null || this.#endUs === null ? 0 : this.#endUs - this.#firstUs;
  }
  /** No more entries will come (the watch finished or failed). */
  get complete(): boolean {
    return this.#complete;
  }

  at(index: number): TimelineEntry | undefined {
    return this.#entries[index];
  }

  append(seq: number, payload: MediaPayload): void {
    this.#track ??= payload.tracks.find((t): t is VideoTrackConfig => t.kind === 'video');
    let keyUs: number | null = null;
    const trackId = this.#track?.trackId;
    for (const packet of payload.packets) {
      if (packet.trackId !== trackId) continue;
      this.#firstUs = Math.min(this.#firstUs ?? packet.timestampUs, packet.timestampUs);
      this.#endUs = Math.max(this.#endUs ?? 0, packet.timestampUs + packet.durationUs);
      if (packet.key && keyUs === null) keyUs = packet.timestampUs;
    }
    this.#entries.push({ seq, payload, keyUs });
    this.#wake();
  }

  finish(): void {
    this.#complete = true;
    this.#wake();
  }

  /** The index to feed from to show `positionUs`: the last keyframe at or before it (or the first keyframe). */
  keyframeIndexFor(positionUs: number): number {
    const target = (this.#firstUs ?? 0) + positionUs;
    let found = -1;
    for (let i = 0; i < this.#entries.length; i++) {
      const keyUs = this.#entries[i]?.keyUs ?? null;
      if (keyUs === null) continue;
      if (keyUs > target && found !== -1) break;
      found = i;
      if (keyUs > target) break;
    }
    return Math.max(found, 0);
  }

  /** Resolves once entry `index` exists (true) or no more will come (false). */
  async waitFor(index: number, signal: AbortSignal): Promise<boolean> {
    while (index >= this.#entries.length && !this.#complete && !signal.aborted) {
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        signal.addEventListener(
          'abort',
          () => {
            resolve();
          },
          { once: true },
        );
      });
    }
    return index < this.#entries.length;
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}
