/**
 * Live frames in memory, per instance: a small ring of recent frames per stream and the
 * viewers waiting for the next one.
 *
 * [Note: live path]
 * An ingest socket hands each frame to the hub right after its transaction commits, and the hub
 * wakes that stream's watchers, which copy it from the ring — no database read on the live path,
 * and no watcher waits for another. A watcher that falls behind the ring reads from storage at
 * its own pace (catch-up), so memory per stream is bounded by the ring whatever the viewers do.
 * Frames committed by another API instance arrive as `stream.frame` events: the hub only wakes
 * its waiters, who then read those frames from the database.
 */
import type { StoredFrame } from '../modules/streams/chunk-store.ts';

export const RING_FRAMES = 128;
const RING_BYTES = 16 * 1024 * 1024;

interface LiveStream {
  readonly ring: StoredFrame[];
  ringBytes: number;
  /** Highest committed seq this instance knows of. */
  headSeq: number;
  ended: boolean;
  readonly waiters: Set<() => void>;
}

export class StreamHub {
  private readonly streams = new Map<string, LiveStream>();

  private entry(streamId: string): LiveStream {
    let s = this.streams.get(streamId);
    if (!s) {
      s = { ring: [], ringBytes: 0, headSeq: -1, ended: false, waiters: new Set() };
      this.streams.set(streamId, s);
    }
    return s;
  }

  /** A frame committed by this instance. */
  committed(streamId: string, frame: StoredFrame, ended: boolean): void {
    const s = this.entry(streamId);
    s.ring.push(frame);
    s.ringBytes += frame.bytes.length;
    while (s.ring.length > RING_FRAMES || s.ringBytes > RING_BYTES) {
      const dropped = s.ring.shift();
      s.ringBytes -= dropped?.bytes.length ?? 0;
    }
    this.advance(s, frame.seq, ended);
  }

  /** A frame committed elsewhere (another instance): wake waiters, they read storage. */
  committedElsewhere(streamId: string, seq: number, ended = false): void {
    this.advance(this.entry(streamId), seq, ended);
  }

  private advance(s: LiveStream, seq: number, ended: boolean): void {
    s.headSeq = Math.max(s.headSeq, seq);
    s.ended ||= ended;
    const waiters = [...s.waiters];
    s.waiters.clear();
    for (const w of waiters) w();
  }

  /** Records what storage says about a stream's head (when a watcher starts). */
  observe(streamId: string, lastSeq: number | null, ended: boolean): void {
    const s = this.entry(streamId);
    s.headSeq = Math.max(s.headSeq, lastSeq ?? -1);
    s.ended ||= ended;
  }

  /** The committed head as far as this instance knows (kept current by ingest and the bus). */
  head(streamId: string): { seq: number; ended: boolean } | undefined {
    const s = this.streams.get(streamId);
    return s ? { seq: s.headSeq, ended: s.ended } : undefined;
  }

  /** The frame at `seq` if it is still in the ring. */
  recent(streamId: string, seq: number): StoredFrame | undefined {
    const s = this.streams.get(streamId);
    const first = s?.ring[0];
    if (!s || !first || seq < first.seq) return undefined;
    const f = s.ring[seq - first.seq];
    return f?.seq === seq ? f : undefined;
  }

  /**
   * Resolves when a frame after `seq` is committed (or at once if one already is), or when
   * `signal` aborts. Waiters hold no frame data.
   */
  waitAfter(streamId: string, seq: number, signal: AbortSignal): Promise<void> {
    const s = this.entry(streamId);
    if (s.headSeq > seq || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        s.waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      s.waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** Drops memory for a stream nobody writes or watches any more. */
  forget(streamId: string): void {
    const s = this.streams.get(streamId);
    if (s && s.waiters.size === 0) this.streams.delete(streamId);
  }

  get size(): number {
    return this.streams.size;
  }
}
