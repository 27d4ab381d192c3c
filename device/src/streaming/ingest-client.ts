import {
  CloseCode,
  FRAME_HEADER_BYTES,
  FrameFlags,
  StandardCloseCode,
  decodeFrameHeader,
  hasFlag,
  isRetryableCloseCode,
  parseIngestServerMessage,
  serializeControlMessage,
  type ResumeMessage,
} from '@seccam/schema';
import type { SocketControlFactory } from '../client/transport.ts';
import type { BackoffPolicy } from './backoff.ts';
import { closedError, isRetryableHttpStatus, refusedError } from './close-advice.ts';
import { deferred, type Deferred } from './deferred.ts';
import { Listeners } from './listeners.ts';
import { ReconnectSchedule } from './reconnect-schedule.ts';
import { FrameSocket, type SocketConnector } from './frame-socket.ts';
import type { FrameStore } from './frame-store.ts';
import { StreamingError } from './streaming-error.ts';
import type { Timer } from './timers.ts';
import { UnackedFrames } from './unacked-frames.ts';
import { failProtocol, parseServerControl } from './server-control.ts';

/**
 * `idle` before start; `connecting` until the first `resume`; `live` while connected and
 * resumed; `reconnecting` while waiting to retry; `unauthenticated` while the server refuses the
 * session (401 or 4401: it expired or was ended during a dead zone) — still buffering and
 * retrying, see [Note: a session lost while offline]; then one of the terminal states: `ended`
 * (the server stored our END frame), `failed` (see `error`), `closed` (stopped locally).
 */
export type IngestStatus = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'unauthenticated' | 'ended' | 'failed' | 'closed';

export interface IngestClientOptions {
  readonly streamId: string;
  /** Opens a socket to `/ws/ingest` (`() => client.openSocket('/ws/ingest')`). */
  readonly connect: SocketConnector;
  /** The runtime's extras for the sockets `connect` opens (`client.socketControl`); without them, browser behaviour. */
  readonly socketControl?: SocketControlFactory;
  /** Limit of the offline buffer (sealed, unacked frames), default 64 MiB. */
  readonly maxBufferedBytes?: number;
  /** Where the offline buffer keeps its frames, default in memory ([Note: a synchronous frame store]). */
  readonly frameStore?: FrameStore;
  readonly backoff?: Partial<BackoffPolicy>;
  /** Consecutive failed attempts (without progress) before giving up, default unlimited. */
  readonly maxReconnectAttempts?: number;
  /** Stop handing frames to the socket while it buffers more than this, default 1 MiB. */
  readonly socketHighWaterBytes?: number;
  /** Time allowed from connecting to receiving `resume`, default 20 s. */
  readonly resumeTimeoutMs?: number;
  /** Keepalive ping interval where the runtime can ping (Node); a missed pong drops the connection. Default 15 s. */
  readonly pingIntervalMs?: number;
  /** Source of randomness for backoff jitter (tests pass a constant). */
  readonly random?: () => number;
  /**
   * Signs the takeover statement sent with every `hello` (docs/PROTOCOL.md §11): without it a
   * reconnect that finds the server still holding the old socket is refused (4403). The
   * Recorder passes one made with the identity's `sig` key.
   */
  readonly takeoverProof?: (streamId: string) => Promise<TakeoverProof>;
}

/** The proof fields of a `hello` that may take over a live ingest. */
export interface TakeoverProof {
  readonly takeoverAt: string;
  readonly takeoverSignatureB64: string;
}

export interface IngestEvents extends Record<string, readonly unknown[]> {
  status: [status: IngestStatus, error: StreamingError | undefined];
  /** Every `resume`, the first one included (after each (re)connect). */
  resume: [message: ResumeMessage];
  /** The cumulative ack advanced to `seq` (from an `ack`, a `resume` or the `end`). */
  ack: [seq: number];
  /** The server asks for a new epoch now (a recipient lost access). */
  rekey: [];
  /** A connection dropped or was refused; the next attempt starts after `delayMs`. */
  retry: [detail: { attempt: number; delayMs: number; closeCode: number; reason: string }];
}

/** A snapshot for progress displays. */
export interface IngestStats {
  readonly status: IngestStatus;
  readonly unackedCount: number;
  readonly bufferedBytes: number;
  readonly lastAckedSeq: number | null;
  readonly reconnects: number;
}

const STREAM_ENDED: number = CloseCode.StreamEnded;
const UNAUTHENTICATED: number = CloseCode.Unauthenticated;
const ABNORMAL: number = StandardCloseCode.Abnormal;
const SUPERSEDED: number = CloseCode.Superseded;

// [Note: a session lost while offline]
// A dead zone can outlast the session (15 minutes, sliding). Failing on the 401 would throw away
// every buffered frame, so the client keeps its buffer, reports `unauthenticated`, and keeps
// retrying on the backoff schedule: the embedding app signs in again (the CLI with the bundle
// and a TOTP code, or from the session file another process wrote) and calls `reconnectNow()`.
/** How soon to look again when the socket buffers more than the high-water mark ([Note: draining without write callbacks]). */
const DRAIN_POLL_MS = 10;
const TERMINAL: ReadonlySet<IngestStatus> = new Set(['ended', 'failed', 'closed']);

/**
 * The driver side of `/ws/ingest` (docs/PROTOCOL.md §7): `hello` → `resume` → frames → `ack`s,
 * with an offline buffer of every sealed, unacked frame. Drops (network errors, retryable close
 * codes, 4416) reconnect with exponential backoff and jitter and resend the kept bytes from the
 * server's `lastSeq + 1`; non-retryable closes fail with the code, the reason and advice.
 * Frames are never resealed: the exact bytes are resent.
 */
export class IngestClient {
  readonly #options: Required<
    Omit<IngestClientOptions, 'backoff' | 'maxReconnectAttempts' | 'random' | 'socketControl' | 'frameStore' | 'takeoverProof'>
  > &
    Pick<IngestClientOptions, 'socketControl' | 'takeoverProof'>;
  readonly #reconnect: ReconnectSchedule;
  readonly #frames: UnackedFrames;
  readonly #listeners = new Listeners<IngestEvents>();
  readonly #ready: Deferred<ResumeMessage> = deferred();
  readonly #ended: Deferred<number> = deferred();
  #roomWaiters: { bytes: number; settle: Deferred<undefined> }[] = [];
  #status: IngestStatus = 'idle';
  #error: StreamingError | undefined;
  #socket: FrameSocket | null = null;
  #resumed = false;
  #serverError: { code: string; message: string } | undefined;
  #resumeTimer: Timer | undefined;
  #drainTimer: Timer | undefined;
  /** Next seq to hand to the current socket. */
  #cursor: number | null = null;
  /** The seq the next enqueued frame must carry (null until known). */
  #nextSeq: number | null = null;
  /** Highest seq the server may legitimately ack (sent by us or reported by `resume`). */
  #highestKnownSeq = -1;
  #lastAckedSeq: number | null = null;
  #endFrameSeq: number | null = null;
  #restoredTail: Uint8Array | undefined;

  constructor(options: IngestClientOptions) {
    this.#options = {
      maxBufferedBytes: 64 * 1024 * 1024,
      socketHighWaterBytes: 1024 * 1024,
      resumeTimeoutMs: 20_000,
      pingIntervalMs: 15_000,
      ...options,
    };
    this.#reconnect = new ReconnectSchedule(options.backoff, options.maxReconnectAttempts, options.random);
    this.#frames = new UnackedFrames(this.#options.maxBufferedBytes, options.frameStore);
    if (this.#frames.lastSeq !== null) {
      this.#nextSeq = this.#frames.lastSeq + 1;
      this.#restoredTail = this.#frames.get(this.#frames.lastSeq);
    }
  }

  /** The newest frame a persistent store held at construction ([Note: a store that outlives the process]), else undefined. */
  get restoredTail(): Uint8Array | undefined {
    return this.#restoredTail;
  }

  /** Retries at once when waiting to reconnect (after a new sign-in); otherwise does nothing. */
  reconnectNow(): void {
    if ((this.#status === 'reconnecting' || this.#status === 'unauthenticated') && this.#socket === null) {
      this.#reconnect.cancel();
      this.#open();
    }
  }

  get streamId(): string {
    return this.#options.streamId;
  }
  get status(): IngestStatus {
    return this.#status;
  }
  /** Why the client failed (status `failed`), else undefined. */
  get error(): StreamingError | undefined {
    return this.#error;
  }
  get unackedCount(): number {
    return this.#frames.count;
  }
  get bufferedBytes(): number {
    return this.#frames.bytes;
  }
  get lastAckedSeq(): number | null {
    return this.#lastAckedSeq;
  }
  get stats(): IngestStats {
    const { count: unackedCount, bytes: bufferedBytes } = this.#frames;
    return { status: this.#status, unackedCount, bufferedBytes, lastAckedSeq: this.#lastAckedSeq, reconnects: this.#reconnect.total };
  }

  on<K extends keyof IngestEvents>(event: K, listener: (...args: IngestEvents[K]) => void): () => void {
    return this.#listeners.on(event, listener);
  }

  /** Connects; resolves with the first `resume` (the server's stored head), rejects if the client fails first. */
  start(): Promise<ResumeMessage> {
    if (this.#status === 'idle') this.#open();
    return this.#ready.promise;
  }

  /** Resolves with the END frame's seq once the server confirmed it with `end`; rejects on failure or close. */
  whenEnded(): Promise<number> {
    return this.#ended.promise;
  }

  /** True if a frame of `byteLength` bytes fits into the offline buffer now. */
  hasRoomFor(byteLength: number): boolean {
    return this.#frames.hasRoomFor(byteLength);
  }

  /** @throws the failure that stopped the client, or StreamingError `BUFFER_FULL` when `byteLength` bytes do not fit now */
  ensureRoomFor(byteLength: number): void {
    if (TERMINAL.has(this.#status)) throw this.#error ?? new StreamingError('INVALID_ARGUMENT', `the ingest client is ${this.#status}`);
    this.#frames.ensureRoomFor(byteLength);
  }

  /** Resolves once `byteLength` more bytes fit into the offline buffer (acks free room). */
  waitForRoom(byteLength: number): Promise<undefined> {
    if (this.#error) return Promise.reject(this.#error);
    if (byteLength > this.#frames.maxBytes) {
      return Promise.reject(
        new StreamingError('BUFFER_FULL', `a frame of ${byteLength} bytes exceeds the offline buffer limit of ${this.#frames.maxBytes}`),
      );
    }
    if (this.#frames.hasRoomFor(byteLength)) return Promise.resolve(undefined);
    const settle = deferred<undefined>();
    this.#roomWaiters.push({ bytes: byteLength, settle });
    return settle.promise;
  }

  /**
   * Keeps a sealed frame and sends it when connected. Frames must come in seq order.
   * @throws StreamingError `BUFFER_FULL`, `INVALID_ARGUMENT` (order, other stream, after END),
   *   or the failure that ended the client
   * @throws FrameError when the bytes do not start with a frame header
   */
  enqueue(frameBytes: Uint8Array): void {
    if (TERMINAL.has(this.#status)) throw this.#error ?? new StreamingError('INVALID_ARGUMENT', `the ingest client is ${this.#status}`);
    if (this.#endFrameSeq !== null) throw new StreamingError('INVALID_ARGUMENT', 'nothing may follow the END frame');
    const header = decodeFrameHeader(frameBytes.subarray(0, FRAME_HEADER_BYTES));
    if (header.streamId !== this.streamId)
      throw new StreamingError('INVALID_ARGUMENT', `frame of stream ${header.streamId} on the ingest of ${this.streamId}`);
    if (this.#nextSeq !== null && header.seq !== this.#nextSeq) {
      throw new StreamingError('INVALID_ARGUMENT', `frame seq ${header.seq} enqueued where seq ${this.#nextSeq} is expected`);
    }
    this.#frames.add(header.seq, frameBytes);
    this.#nextSeq = header.seq + 1;
    if (hasFlag(header.flags, FrameFlags.END)) this.#endFrameSeq = header.seq;
    this.#pump();
  }

  /** Stops locally (status `closed`); pending promises reject with `STOPPED`. Resolves when the socket is closed. */
  async close(): Promise<void> {
    const socket = this.#socket;
    if (!TERMINAL.has(this.#status))
      this.#terminate('closed', new StreamingError('STOPPED', 'the ingest client was closed before the stream ended'));
    if (socket) await socket.closeGracefully();
  }

  #open(): void {
    if (this.#status === 'idle') this.#setStatus('connecting');
    this.#resumed = false;
    this.#serverError = undefined;
    this.#cursor = null;
    const ws: FrameSocket = new FrameSocket(this.#options.connect(), this.#options.socketControl, {
      open: () => {
        this.#onOpen(ws);
      },
      text: (text) => {
        if (ws === this.#socket) this.#onText(ws, text);
      },
      binary: () => {
        if (ws === this.#socket) this.#protocolFailure(ws, 'the server sent a binary message on the ingest socket');
      },
      close: (code, reason, refusedStatus) => {
        this.#onClose(ws, code, reason, refusedStatus);
      },
    });
    this.#socket = ws;
    this.#resumeTimer = setTimeout(() => {
      ws.drop();
    }, this.#options.resumeTimeoutMs);
  }

  #onOpen(ws: FrameSocket): void {
    if (ws !== this.#socket) return;
    ws.keepAlive(this.#options.pingIntervalMs);
    const sign = this.#options.takeoverProof;
    if (sign === undefined) {
      ws.sendText(serializeControlMessage({ type: 'hello', streamId: this.streamId }));
      return;
    }
    sign(this.streamId).then(
      (proof) => {
        if (ws === this.#socket) ws.sendText(serializeControlMessage({ type: 'hello', streamId: this.streamId, ...proof }));
      },
      (error: unknown) => {
        if (ws === this.#socket)
          this.#protocolFailure(ws, `could not sign the takeover statement: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
  }

  #onText(ws: FrameSocket, text: string): void {
    const message = parseServerControl(text, parseIngestServerMessage, (why) => {
      this.#protocolFailure(ws, why);
    });
    if (message === undefined) return;
    if (!this.#resumed && message.type !== 'resume' && message.type !== 'error') {
      this.#protocolFailure(ws, `the server sent '${message.type}' before 'resume'`);
      return;
    }
    switch (message.type) {
      case 'resume':
        this.#onResume(ws, message);
        return;
      case 'ack':
        if (message.seq > this.#highestKnownSeq) this.#protocolFailure(ws, `the server acked seq ${message.seq}, which was never sent`);
        else this.#acknowledge(message.seq);
        return;
      case 'rekey':
        this.#listeners.emit('rekey');
        return;
      case 'end':
        if (message.seq !== this.#endFrameSeq)
          this.#protocolFailure(ws, `the server ended the stream at seq ${message.seq}, but no END frame was sent there`);
        else this.#finishEnded(message.seq);
        return;
      case 'error':
        this.#serverError = { code: message.code, message: message.message };
        return;
    }
  }

  #onResume(ws: FrameSocket, message: ResumeMessage): void {
    if (this.#resumed) {
      this.#protocolFailure(ws, "the server sent 'resume' twice");
      return;
    }
    if (message.streamId !== this.streamId) {
      this.#protocolFailure(ws, `the server resumed stream ${message.streamId}`);
      return;
    }
    const stored = message.lastSeq;
    if (this.#lastAckedSeq !== null && (stored === null || stored < this.#lastAckedSeq)) {
      this.#protocolFailure(ws, `the server's stored head (seq ${stored ?? 'none'}) is behind its own ack of seq ${this.#lastAckedSeq}`);
      return;
    }
    clearTimeout(this.#resumeTimer);
    this.#resumed = true;
    if (stored !== null) {
      this.#highestKnownSeq = Math.max(this.#highestKnownSeq, stored);
      this.#acknowledge(stored);
    }
    const next = stored === null ? 0 : stored + 1;
    const first = this.#frames.firstSeq;
    if (first !== null && first > next) {
      this.#protocolFailure(ws, `the server resumes at seq ${next}, but the oldest unacked frame here is seq ${first}`);
      return;
    }
    if (first === null) {
      this.#nextSeq = next;
      this.#reconnect.reset();
    }
    this.#cursor = next;
    this.#setStatus('live');
    this.#ready.resolve(message);
    this.#listeners.emit('resume', message);
    this.#pump();
  }

  // [Note: draining without write callbacks]
  // A WHATWG socket has no write callback and no drain event, only `bufferedAmount`. Frames are
  // handed over while it stays below the high-water mark; above it, the pump looks again a few
  // milliseconds later. Unsent frames stay in the offline buffer, not in the socket.

  /** Hands buffered frames to the socket up to the high-water mark ([Note: draining without write callbacks]). */
  #pump(): void {
    const ws = this.#socket;
    if (ws === null || this.#status !== 'live' || this.#cursor === null || !ws.isOpen) return;
    while (this.#frames.get(this.#cursor) !== undefined) {
      if (ws.bufferedAmount >= this.#options.socketHighWaterBytes) {
        this.#drainTimer ??= setTimeout(() => {
          this.#drainTimer = undefined;
          this.#pump();
        }, DRAIN_POLL_MS);
        return;
      }
      const bytes = this.#frames.get(this.#cursor);
      if (bytes === undefined) return;
      this.#highestKnownSeq = Math.max(this.#highestKnownSeq, this.#cursor);
      this.#cursor += 1;
      ws.sendBytes(bytes);
    }
  }

  #acknowledge(seq: number): void {
    if (this.#lastAckedSeq !== null && seq <= this.#lastAckedSeq) return; // an ack repeated for a resend
    this.#lastAckedSeq = seq;
    this.#frames.dropThrough(seq);
    this.#reconnect.reset();
    this.#listeners.emit('ack', seq);
    this.#roomWaiters = this.#roomWaiters.filter((waiter) => {
      if (!this.#frames.hasRoomFor(waiter.bytes)) return true;
      waiter.settle.resolve(undefined);
      return false;
    });
  }

  #onClose(ws: FrameSocket, code: number, reason: string, refused: number | undefined): void {
    if (ws !== this.#socket) return;
    this.#socket = null;
    this.#clearSocketTimers();
    if (TERMINAL.has(this.#status)) return;
    // A browser's WebSocket hides a refused upgrade's status (1006, as for a lost network): once
    // the session was refused, such a failure keeps `unauthenticated` until a `resume` proves otherwise.
    const stillRefused = this.#status === 'unauthenticated' && refused === undefined && code === ABNORMAL;
    if (this.#status !== 'connecting' && (refused === 401 || stillRefused || (refused === undefined && code === UNAUTHENTICATED))) {
      this.#scheduleRetry(code, refused === undefined ? reason : 'HTTP 401', 'unauthenticated');
    } else if (refused !== undefined) {
      if (isRetryableHttpStatus(refused)) this.#scheduleRetry(code, `HTTP ${refused}`);
      else this.#terminate('failed', refusedError('ingest', refused));
    } else if (code === STREAM_ENDED && this.#endFrameSeq !== null) {
      // [Note: END stored while offline] Our END frame reached the server but its `end` did not
      // reach us. Nothing can follow an END and this client never seals past one, so the END
      // the server holds is ours.
      this.#finishEnded(this.#endFrameSeq);
    } else if (isRetryableCloseCode(code) || code === SUPERSEDED) {
      // [Note: a superseded recorder reconnects] Taking over needs the owner's signature
      // (docs/PROTOCOL.md §11), so whoever superseded this socket holds the key too — most often
      // this recorder's own reconnect, racing a socket the server had not yet seen die. Going on
      // (with backoff) resumes from the server's head and keeps every unacked frame.
      this.#scheduleRetry(code, reason);
    } else {
      this.#terminate('failed', closedError('ingest', code, reason, this.#serverError));
    }
  }

  #scheduleRetry(closeCode: number, reason: string, status: 'reconnecting' | 'unauthenticated' = 'reconnecting'): void {
    const delayMs = this.#reconnect.schedule(() => {
      this.#open();
    });
    if (delayMs === null) {
      const attempts = this.#reconnect.attempt;
      this.#terminate(
        'failed',
        new StreamingError(
          'UNREACHABLE',
          `gave up after ${attempts} reconnect attempts (last close ${closeCode} ${reason}): check the network and --server`,
          { closeCode, closeReason: reason },
        ),
      );
      return;
    }
    this.#setStatus(status);
    this.#listeners.emit('retry', { attempt: this.#reconnect.attempt, delayMs, closeCode, reason });
  }

  #finishEnded(seq: number): void {
    this.#acknowledge(seq);
    this.#terminate('ended', undefined);
    this.#ended.resolve(seq);
    this.#socket?.close(StandardCloseCode.Normal);
  }

  #protocolFailure(ws: FrameSocket, message: string): void {
    failProtocol(ws, message, (error) => {
      this.#terminate('failed', error);
    });
  }

  #terminate(status: 'ended' | 'failed' | 'closed', error: StreamingError | undefined): void {
    this.#error = error;
    this.#clearSocketTimers();
    this.#reconnect.cancel();
    const failure = error ?? new StreamingError('STOPPED', 'the ingest client stopped');
    this.#ready.reject(failure);
    if (status !== 'ended') this.#ended.reject(failure);
    for (const waiter of this.#roomWaiters) waiter.settle.reject(failure);
    this.#roomWaiters = [];
    this.#setStatus(status);
  }

  #clearSocketTimers(): void {
    clearTimeout(this.#resumeTimer);
    clearTimeout(this.#drainTimer);
    this.#drainTimer = undefined;
  }

  #setStatus(status: IngestStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    this.#listeners.emit('status', status, this.#error);
  }
}
