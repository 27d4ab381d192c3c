/**
 * Live frames in memory, per instance: a small ring of recent frames per stream and the
 * viewers waiting for the next one.
 *
 * [Note: live path]
 * An ingest socket hands each frame to the hub as soon as it has verified it, before its commit
 * (a signed END only once stored; [Note: relay before commit] in ingest.ts), and the hub wakes
 * that stream's watchers, which copy it from the ring — no database read on the live path,
 * and no watcher waits for another. A watcher that falls behind the ring reads from storage at
 * its own pace (catch-up). Frames committed by another API instance arrive through the frame
 * relay, which the hub follows for each stream it has watchers of ([Note: frames between
 * instances] in frame-relay.ts): a relayed frame that is the next seq joins the ring like a
 * local one; otherwise the hub only moves the head and wakes its waiters, who read storage.
 *
 * [Note: hub memory]
 * The hub is a cache: everything in it is also in storage. Each ring is bounded (frames and
 * bytes), all rings together are bounded (the least recently written rings are dropped first),
 * and a stream's entry is dropped as soon as it ended or lost its ring and nobody waits on it.
 * A dropped entry only means the next reader goes to storage.
 *
 * [Note: idle watchers]
 * A watcher that has caught up costs nothing while its stream is quiet: it waits in the hub with
 * no timer and no storage read of its own, and is woken by a commit (local, or relayed from
 * another instance). Relays are fast, not reliable ([Note: frames between instances]), so the
 * hub keeps one safety check: every `checkEveryMs`, while anyone waits, it reads the committed
 * heads of all the streams waited on in one storage query and wakes the waiters of any stream
 * whose head moved. The cost is one query per interval per instance, whatever the number of
 * watchers and streams.
 */
import { DEFAULT_LIMITS } from '../limits.ts';
import type { StoredFrame } from '../modules/streams/chunk-store.ts';
import type { FrameRelay } from './frame-relay.ts';

/** The safety check's period: a frame whose announcement was lost reaches a caught-up watcher this late at most. */
export const HEAD_CHECK_EVERY_MS = 1000;

/** The committed heads of streams as storage has them (for the safety check of [Note: idle watchers]). */
export type HeadSource = (streamIds: readonly string[]) => Promise<ReadonlyMap<string, { lastSeq: number | null; ended: boolean }>>;

export interface HubSafetyCheck {
  readonly heads: HeadSource;
  /** How often the heads of waited-on streams are read while anyone waits. */
  readonly checkEveryMs: number;
  /** A check that failed (the database is unreachable, say); the next one tries again. */
  readonly onCheckFailed: (error: unknown) => void;
}

export interface HubLimits {
  readonly ringFrames: number;
  readonly ringBytes: number;
  readonly totalBytes: number;
}

interface LiveStream {
  ring: StoredFrame[];
  ringBytes: number;
  /** Highest committed seq this instance knows of. */
  headSeq: number;
  ended: boolean;
  /** Watch connections following this stream on this instance (their entry is kept). */
  watchers: number;
  readonly waiters: Set<() => void>;
  /** Stops following the relay (set while `watchers > 0`). */
  unfollow?: () => void;
}

export class StreamHub {
  /** In least-recently-written order (a write moves the stream to the end). */
  private readonly streams = new Map<string, LiveStream>();
  private totalBytes = 0;
  private checkTimer: NodeJS.Timeout | undefined;
  private checking = false;

  constructor(
    private readonly limits: HubLimits = DEFAULT_LIMITS.hub,
    /** Where frames committed by other instances come from; none: this instance is alone. */
    private readonly relay?: Pick<FrameRelay, 'follow'>,
    /** The one safety check against lost relay messages ([Note: idle watchers]); none: waiters wait for commits only. */
    private readonly safety?: HubSafetyCheck,
  ) {}

  private entry(streamId: string): LiveStream {
    let s = this.streams.get(streamId);
    if (!s) {
      s = { ring: [], ringBytes: 0, headSeq: -1, ended: false, watchers: 0, waiters: new Set() };
      this.streams.set(streamId, s);
    }
    return s;
  }

  /**
   * A frame of this instance's ingest: verified and handed over before its commit (an END once
   * stored). The name is older than relay-before-commit; the head it moves is the verified one.
   */
  committed(streamId: string, frame: StoredFrame, ended: boolean): void {
    const s = this.entry(streamId);
    this.remember(streamId, s, frame);
    this.advance(streamId, s, frame.seq, ended);
    this.evictOverBudget();
  }

  /**
   * A frame committed elsewhere (another instance), with its bytes when the relay carried them:
   * kept if it is the next seq this instance expects; in every case the waiters wake, and those
   * behind what the ring holds read storage.
   */
  committedElsewhere(streamId: string, seq: number, ended = false, frame?: StoredFrame): void {
    const s = this.streams.get(streamId);
    if (!s) return;
    const isNext = frame !== undefined && frame.seq === seq && seq === s.headSeq + 1 && !s.ended;
    if (isNext) this.remember(streamId, s, frame);
    this.advance(streamId, s, seq, ended);
    if (isNext) this.evictOverBudget();
  }

  /** The stream was deleted: its frames leave memory at once and its waiters wake (their sockets are closing). */
  deleted(streamId: string): void {
    const s = this.streams.get(streamId);
    if (!s) return;
    s.ended = true;
    this.clearRing(s);
    for (const w of [...s.waiters]) w();
    this.dropIfIdle(streamId, s);
  }

  /**
   * A watcher starts following a stream, with what storage says of its head. The entry stays
   * while it is attached, so commits announced by other instances keep updating the head.
   */
  attach(streamId: string, lastSeq: number | null, ended: boolean): void {
    const s = this.entry(streamId);
    if (s.watchers === 0 && this.relay) {
      s.unfollow = this.relay.follow(streamId, (seq, end, frame) => {
        this.committedElsewhere(streamId, seq, end, frame);
      });
    }
    s.watchers += 1;
    s.headSeq = Math.max(s.headSeq, lastSeq ?? -1);
    s.ended ||= ended;
  }

  detach(streamId: string): void {
    const s = this.streams.get(streamId);
    if (!s) return;
    s.watchers = Math.max(0, s.watchers - 1);
    if (s.watchers === 0) {
      s.unfollow?.();
      s.unfollow = undefined;
    }
    this.dropIfIdle(streamId, s);
  }

  /** The streams watchers on this instance follow (to re-read their heads after a bus gap). */
  followed(): string[] {
    return [...this.streams].filter(([, s]) => s.watchers > 0).map(([id]) => id);
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
   * Resolves `true` when a frame after `seq` is committed (at once if one already is), or
   * `false` when `signal` aborts or after `maxWaitMs` if one is given. Waiters hold no frame
   * data and no timer unless they ask for one: a lost announcement is caught by the hub's one
   * safety check ([Note: idle watchers]).
   */
  waitAfter(streamId: string, seq: number, signal: AbortSignal, maxWaitMs?: number): Promise<boolean> {
    const s = this.entry(streamId);
    if (s.headSeq > seq || s.ended) return Promise.resolve(true);
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const finish = (woken: boolean): void => {
        clearTimeout(timer);
        s.waiters.delete(wake);
        signal.removeEventListener('abort', stop);
        this.dropIfIdle(streamId, s);
        resolve(woken);
      };
      const wake = (): void => {
        finish(true);
      };
      const stop = (): void => {
        finish(false);
      };
      const timer = maxWaitMs === undefined ? undefined : setTimeout(stop, maxWaitMs);
      s.waiters.add(wake);
      signal.addEventListener('abort', stop, { once: true });
      this.scheduleCheck();
    });
  }

  /** Stops the safety check (at shutdown); waiters stay until their signals abort. */
  close(): void {
    clearInterval(this.checkTimer);
    this.checkTimer = undefined;
  }

  /** Starts the one safety-check timer if someone waits and none runs. */
  private scheduleCheck(): void {
    if (!this.safety || this.checkTimer) return;
    this.checkTimer = setInterval(() => {
      void this.checkHeads();
    }, this.safety.checkEveryMs);
    this.checkTimer.unref();
  }

  /** Reads the heads of every waited-on stream in one query and wakes those that moved. */
  private async checkHeads(): Promise<void> {
    const safety = this.safety;
    if (!safety || this.checking) return;
    const waitedOn = [...this.streams].filter(([, s]) => s.waiters.size > 0 && !s.ended).map(([id]) => id);
    if (waitedOn.length === 0) {
      this.close();
      return;
    }
    this.checking = true;
    try {
      const heads = await safety.heads(waitedOn);
      for (const [id, head] of heads) {
        const s = this.streams.get(id);
        if (s && ((head.lastSeq ?? -1) > s.headSeq || (head.ended && !s.ended)))
          this.committedElsewhere(id, head.lastSeq ?? -1, head.ended);
      }
    } catch (e) {
      safety.onCheckFailed(e);
    } finally {
      this.checking = false;
    }
  }

  /** Streams held in memory and the bytes of all rings (for monitoring and tests). */
  get stats(): { streams: number; bytes: number } {
    return { streams: this.streams.size, bytes: this.totalBytes };
  }

  /** Appends `frame` to the ring (restarting it after a gap, so the ring stays contiguous) and trims it to its limits. */
  private remember(streamId: string, s: LiveStream, frame: StoredFrame): void {
    this.streams.delete(streamId);
    this.streams.set(streamId, s);
    const last = s.ring.at(-1);
    if (last && last.seq !== frame.seq - 1) this.clearRing(s);
    s.ring.push(frame);
    s.ringBytes += frame.bytes.length;
    this.totalBytes += frame.bytes.length;
    while (s.ring.length > this.limits.ringFrames || s.ringBytes > this.limits.ringBytes) {
      const dropped = s.ring.shift();
      s.ringBytes -= dropped?.bytes.length ?? 0;
      this.totalBytes -= dropped?.bytes.length ?? 0;
    }
  }

  private advance(streamId: string, s: LiveStream, seq: number, ended: boolean): void {
    s.headSeq = Math.max(s.headSeq, seq);
    s.ended ||= ended;
    if (s.ended) this.clearRing(s);
    for (const w of [...s.waiters]) w();
    this.dropIfIdle(streamId, s);
  }

  private evictOverBudget(): void {
    for (const [id, s] of this.streams) {
      if (this.totalBytes <= this.limits.totalBytes) return;
      this.clearRing(s);
      this.dropIfIdle(id, s);
    }
  }

  private clearRing(s: LiveStream): void {
    this.totalBytes -= s.ringBytes;
    s.ring = [];
    s.ringBytes = 0;
  }

  /** Forgets an entry nobody follows once it has nothing worth keeping. */
  private dropIfIdle(streamId: string, s: LiveStream): void {
    const idle = s.watchers === 0 && s.waiters.size === 0 && (s.ended || s.ring.length === 0);
    if (idle && this.streams.get(streamId) === s) this.streams.delete(streamId);
  }
}
