/**
 * Plays decrypted media packets into a canvas with WebCodecs: the video track's packets go to a
 * `VideoDecoder`, decoded frames wait in presentation order and are drawn when their timestamp
 * comes due on a clock started by the first frame. Audio is not played. `push` resolves once
 * there is room again, so a watch socket feeding it is paused instead of buffering without end.
 *
 * [Note: seeking from a keyframe]
 * A decoder can only start on a key unit. To show position T, the caller feeds packets from the
 * last keyframe at or before T and passes `startUs: T`: frames before T are decoded (later
 * frames refer to them) but not drawn, and the clock starts at the first frame at or after T.
 */
import type { MediaPayload, VideoTrackConfig } from '@seccam/schema';

export interface PlaybackStats {
  /** Frames the decoder produced. */
  readonly decoded: number;
  /** Frames drawn on the canvas. */
  readonly shown: number;
  /** Presentation time of the frame on the canvas, µs from the first one. */
  readonly positionUs: number;
}

/** Decoded frames (and packets in the decoder) held before `push` waits. */
const MAX_AHEAD = 24;

export interface CanvasPlayerOptions {
  /** The timestamp shown as position 0 (default: the first frame drawn). */
  readonly originUs?: number;
  /** Decode but do not draw frames before this timestamp ([Note: seeking from a keyframe]). */
  readonly startUs?: number;
  /** Used when the payloads fed do not carry the track (a seek into the middle of a stream). */
  readonly track?: VideoTrackConfig;
  /** Live: hold a decoded frame at most this long before it is drawn ([Note: playing at the live edge]). */
  readonly liveEdgeMs?: number;
  /** Draw at the size the canvas is shown at, never above the coded size ([Note: drawing at the shown size]). */
  readonly fitToDisplay?: boolean;
}

/**
 * [Note: drawing at the shown size]
 * A wall tile shows a 640×480 picture in a box about a third that wide. Drawn at its coded size,
 * every picture is scaled twice: into a full-size canvas, then by the compositor into the box.
 * With `fitToDisplay` the canvas's backing store follows the box it is laid out in (device
 * pixels, the picture's aspect kept, at most the coded size), so the picture is scaled once,
 * into a store a few times smaller, and the compositor copies it as it is. The box is watched
 * with a `ResizeObserver`, so enlarging a tile draws it sharp again; layout is never read per frame.
 */
export function fittedSize(
  coded: { width: number; height: number },
  box: { width: number; height: number },
): { width: number; height: number } {
  if (box.width <= 0 || box.height <= 0) return coded;
  const scale = Math.min(1, box.width / coded.width, box.height / coded.height);
  return { width: Math.max(1, Math.round(coded.width * scale)), height: Math.max(1, Math.round(coded.height * scale)) };
}

/**
 * [Note: playing at the live edge]
 * The clock starts at the first frame, and a live join starts at the last keyframe, up to a
 * second old, which then plays at 1× for ever: every later picture is drawn that much late
 * (measured with `npm run bench:browser`: ~0.7 s of a 1.4 s glass-to-glass p50). With
 * `liveEdgeMs` the clock moves forward whenever the newest decoded frame would wait longer than
 * that, skipping what was behind. Keep it above the frame grouping (100 ms) so a frame's
 * pictures still play one by one.
 */
export function liveCatchUpMs(newestDueMs: number, nowMs: number, edgeMs: number): number {
  return Math.max(0, newestDueMs - nowMs - edgeMs);
}

export class CanvasVideoPlayer {
  readonly #canvas: HTMLCanvasElement;
  readonly #onStats: (stats: PlaybackStats) => void;
  readonly #onError: (message: string) => void;
  #decoder: VideoDecoder | null = null;
  #track: VideoTrackConfig | null = null;
  #waitingForKey = true;
  readonly #frames: VideoFrame[] = [];
  #clockMs: number | null = null;
  #firstUs: number | null = null;
  #decoded = 0;
  #shown = 0;
  #positionUs = 0;
  #raf = 0;
  #room: (() => void) | null = null;
  #closed = false;
  readonly #startUs: number;
  readonly #liveEdgeMs: number | undefined;
  #pausedAtMs: number | null = null;
  #context: CanvasRenderingContext2D | null = null;
  /** The canvas's laid-out size in device pixels, with `fitToDisplay` ([Note: drawing at the shown size]). */
  #box: { width: number; height: number } | null = null;
  #resizeObserver: ResizeObserver | null = null;

  constructor(
    canvas: HTMLCanvasElement,
    onStats: (stats: PlaybackStats) => void,
    onError: (message: string) => void,
    options: CanvasPlayerOptions = {},
  ) {
    this.#canvas = canvas;
    this.#onStats = onStats;
    this.#onError = onError;
    this.#firstUs = options.originUs ?? null;
    this.#startUs = options.startUs ?? Number.NEGATIVE_INFINITY;
    this.#liveEdgeMs = options.liveEdgeMs;
    if (options.fitToDisplay === true && typeof ResizeObserver === 'function') this.#observeBox();
    if (options.track !== undefined) this.#configure(options.track);
    this.#raf = requestAnimationFrame(this.#tick);
  }

  get isPaused(): boolean {
    return this.#pausedAtMs !== null;
  }

  /** Holds the picture and the clock; `push` waits once the look-ahead is full. */
  pause(): void {
    this.#pausedAtMs ??= performance.now();
  }

  resume(): void {
    if (this.#pausedAtMs === null) return;
    if (this.#clockMs !== null) this.#clockMs += performance.now() - this.#pausedAtMs;
    this.#pausedAtMs = null;
  }

  /** True where this browser has WebCodecs video decoding. */
  static get isSupported(): boolean {
    return typeof VideoDecoder === 'function';
  }

  /** Feeds one frame's media; resolves when the player has room for more. */
  async push(payload: MediaPayload): Promise<void> {
    if (this.#closed) return;
    const video = payload.tracks.find((t): t is VideoTrackConfig => t.kind === 'video');
    if (video !== undefined && this.#track === null) this.#configure(video);
    const decoder = this.#decoder;
    const track = this.#track;
    if (decoder === null || track === null) return;
    for (const packet of payload.packets) {
      if (packet.trackId !== track.trackId) continue;
      if (this.#waitingForKey && !packet.key) continue; // a decoder must start on a keyframe
      this.#waitingForKey = false;
      decoder.decode(
        new EncodedVideoChunk({
          type: packet.key ? 'key' : 'delta',
          timestamp: packet.timestampUs,
          duration: packet.durationUs,
          data: packet.data,
        }),
      );
    }
    while (this.#isFull()) {
      await new Promise<void>((resolve) => (this.#room = resolve));
    }
  }

  /** Decodes what is left (the stream ended). */
  async flush(): Promise<void> {
    if (this.#decoder?.state === 'configured') await this.#decoder.flush();
  }

  close(): void {
    this.#closed = true;
    cancelAnimationFrame(this.#raf);
    this.#resizeObserver?.disconnect();
    if (this.#decoder !== null && this.#decoder.state !== 'closed') this.#decoder.close();
    for (const frame of this.#frames.splice(0)) frame.close();
    this.#room?.();
  }

  #isFull(): boolean {
    return !this.#closed && this.#frames.length + (this.#decoder?.decodeQueueSize ?? 0) > MAX_AHEAD;
  }

  #configure(track: VideoTrackConfig): void {
    this.#track = track;
    this.#sizeCanvas();
    this.#decoder = new VideoDecoder({
      output: (frame) => {
        if (this.#closed) {
          frame.close();
          return;
        }
        this.#decoded += 1;
        if (frame.timestamp < this.#startUs)
          frame.close(); // decoded as a reference only
        else this.#frames.push(frame);
      },
      error: (error) => {
        this.#onError(`The video could not be decoded (${track.codec}): ${error.message}`);
      },
    });
    this.#decoder.configure({
      codec: track.codec,
      codedWidth: track.codedWidth,
      codedHeight: track.codedHeight,
      ...(track.description.byteLength > 0 ? { description: track.description } : {}),
      // Live: a picture out as soon as it is decoded, none held back for throughput.
      ...(this.#liveEdgeMs === undefined ? {} : { optimizeForLatency: true }),
    });
  }

  #observeBox(): void {
    this.#resizeObserver = new ResizeObserver((entries) => {
      const entry = entries.at(-1);
      if (entry === undefined) return;
      // Not in every browser (Safari): the CSS box times the pixel ratio instead.
      const device = (entry.devicePixelContentBoxSize as readonly ResizeObserverSize[] | undefined)?.[0];
      this.#box =
        device === undefined
          ? { width: entry.contentRect.width * devicePixelRatio, height: entry.contentRect.height * devicePixelRatio }
          : { width: device.inlineSize, height: device.blockSize };
      this.#sizeCanvas();
    });
    this.#resizeObserver.observe(this.#canvas);
  }

  /** The backing store: the coded size, or fitted to the shown box ([Note: drawing at the shown size]). */
  #sizeCanvas(): void {
    if (this.#track === null) return;
    const coded = { width: this.#track.codedWidth, height: this.#track.codedHeight };
    const size = this.#box === null ? coded : fittedSize(coded, this.#box);
    // Setting a size clears the canvas even when it is the same: only on a change.
    if (this.#canvas.width !== size.width) this.#canvas.width = size.width;
    if (this.#canvas.height !== size.height) this.#canvas.height = size.height;
  }

  readonly #tick = (now: number): void => {
    if (this.#closed) return;
    const first = this.#frames[0];
    if (first !== undefined && this.#pausedAtMs === null) {
      this.#firstUs ??= first.timestamp;
      this.#clockMs ??= now - (first.timestamp - this.#firstUs) / 1000;
      const newest = this.#frames.at(-1);
      if (this.#liveEdgeMs !== undefined && newest !== undefined) {
        this.#clockMs -= liveCatchUpMs(this.#clockMs + (newest.timestamp - this.#firstUs) / 1000, now, this.#liveEdgeMs);
      }
      let due: VideoFrame | undefined;
      while (this.#frames[0] !== undefined && (this.#frames[0].timestamp - this.#firstUs) / 1000 <= now - this.#clockMs) {
        due?.close();
        due = this.#frames.shift();
      }
      if (due !== undefined) this.#draw(due);
    }
    if (this.#room !== null && this.#frames.length + (this.#decoder?.decodeQueueSize ?? 0) <= MAX_AHEAD / 2) {
      const room = this.#room;
      this.#room = null;
      room();
    }
    this.#raf = requestAnimationFrame(this.#tick);
  };

  #draw(frame: VideoFrame): void {
    // Opaque: the compositor need not blend the picture with what is behind it.
    this.#context ??= this.#canvas.getContext('2d', { alpha: false });
    this.#context?.drawImage(frame, 0, 0, this.#canvas.width, this.#canvas.height);
    this.#positionUs = frame.timestamp - (this.#firstUs ?? frame.timestamp);
    frame.close();
    this.#shown += 1;
    this.#onStats({ decoded: this.#decoded, shown: this.#shown, positionUs: this.#positionUs });
  }
}
