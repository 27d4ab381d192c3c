/**
 * How a frame committed on one instance reaches the hubs of the others ([Note: live path] in
 * stream-hub.ts).
 *
 * [Note: frames between instances]
 * Storage is the record: every frame is committed to the database before another instance
 * hears of it (only the ingesting instance's own hub has it earlier, [Note: relay before
 * commit] in ingest.ts), so a relay only has to be fast, never reliable. Ingest publishes
 * without waiting for the relay. A hub follows the streams its watchers
 * follow; for each frame committed elsewhere it is told the seq and, when the relay carries
 * it, the frame itself. The hub keeps a carried frame only if it is the next seq it expects;
 * anything else (an announcement without bytes, a frame after a gap) just moves the head, and
 * the watchers read the missing frames from storage. Two relays:
 * - {@link BusFrameRelay}: a `stream.frame` event on the event bus per batch (seq only); on
 *   LISTEN/NOTIFY, whose payloads are small, this is all there is;
 * - `NatsFrameRelay` (nats-frame-relay.ts): each frame's bytes on the stream's own subject,
 *   which only instances with a watcher of that stream subscribe to.
 */
import type { EventBus } from '../event-bus/event-bus.ts';
import type { StoredFrame } from '../modules/streams/chunk-store.ts';

/** A frame committed elsewhere: its seq, whether it ended the stream, and its bytes when the relay carries them. */
export type OnRelayed = (seq: number, ended: boolean, frame: StoredFrame | undefined) => void;

export interface FrameRelay {
  /** Tells the other instances of frames this one committed (in seq order, `ended` for the last). */
  publish(streamId: string, frames: readonly StoredFrame[], ended: boolean): Promise<void>;
  /** Calls `onRelayed` for frames of `streamId` committed by other instances; returns the function that stops. */
  follow(streamId: string, onRelayed: OnRelayed): () => void;
  close(): void;
}

/** Announcements on the event bus: one `stream.frame` event per batch, with its last seq and no bytes. */
export class BusFrameRelay implements FrameRelay {
  private readonly followers = new Map<string, Set<OnRelayed>>();
  private readonly off: () => void;

  constructor(
    private readonly bus: EventBus,
    private readonly instanceId: string,
  ) {
    this.off = bus.subscribe((event) => {
      if (event.kind !== 'stream.frame' || event.origin === instanceId) return;
      for (const f of this.followers.get(event.streamId) ?? []) f(event.seq, false, undefined);
    });
  }

  async publish(streamId: string, frames: readonly StoredFrame[], _ended: boolean): Promise<void> {
    const last = frames.at(-1);
    // The end is announced by `stream.ended`, which every instance handles (streaming.ts).
    if (last) await this.bus.publish({ kind: 'stream.frame', streamId, seq: last.seq, origin: this.instanceId });
  }

  follow(streamId: string, onRelayed: OnRelayed): () => void {
    let set = this.followers.get(streamId);
    if (!set) {
      set = new Set();
      this.followers.set(streamId, set);
    }
    set.add(onRelayed);
    const mine = set;
    return () => {
      mine.delete(onRelayed);
      if (mine.size === 0 && this.followers.get(streamId) === mine) this.followers.delete(streamId);
    };
  }

  close(): void {
    this.off();
    this.followers.clear();
  }
}
