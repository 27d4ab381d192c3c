/**
 * `/ws/ingest`: a driver's recorder uploads signed, encrypted frames (docs/PROTOCOL.md §7).
 *
 * Every frame is decoded and verified — stream, seq, epoch, prevHash, signature against the
 * owner's certificate, with node:crypto ([Note: frame crypto provider]) — in order per
 * connection. A frame that passed goes to this instance's live watchers at once and to the
 * group commit ([Note: relay before commit]); it is acknowledged only after the statement
 * holding it commits, while the connection goes on verifying what follows. While a connection
 * holds more than its allowance of unstored frames its socket is paused, so a fast client meets
 * TCP backpressure instead of growing the server's memory ([Note: fair backpressure]).
 * When the database cannot be reached the socket closes with 1013 (try again later): nothing
 * unacked was stored, and the recorder resends it after reconnecting. At shutdown each
 * connection stops reading, lets what it received be stored and acked, then closes with 1001.
 *
 * [Note: relay before commit]
 * Watchers do not wait for the database: a frame reaches this instance's hub (and so its live
 * watchers) as soon as it passed verification, and is stored in the background. The ack still
 * means "stored". If the store then fails (the database went away, another connection won the
 * head), the driver was never acked, so it resends the frame (an idempotent resend) — a watcher
 * may have seen it already and sees the resend as a duplicate; viewers verify the chain either
 * way, so nothing unverified is ever shown as genuine. The signed END frame is the exception: it
 * reaches the hub only once stored, since "ended" makes watchers finish from storage. Other
 * instances hear of frames after the commit ([Note: frames between instances]), without the
 * ingest waiting for the announcement.
 *
 * [Note: ingest takeover]
 * The newest connection for a stream takes over from the live one (4412 for the old), because a
 * dashcam that lost its signal reconnects before the server notices the old socket is dead. A
 * stolen session cookie must not be able to do that and cut a recording short, so while another
 * connection on this instance is recording the stream, `hello` must carry a fresh
 * `seccam-ingest-takeover/v1` statement signed by the owner's current `sig` key, naming a later
 * time than the last takeover accepted for the stream (so a captured one cannot be replayed);
 * otherwise the new connection is closed with 4403 and the live one goes on. Recording clients
 * sign one for every `hello`, so an honest reconnect never needs to know whether it is a takeover.
 */
import type { IncomingMessage } from 'node:http';
import type WebSocket from 'ws';
import { WebSocketServer, type RawData } from 'ws';
import { chainHash, importCertificatePublicKey, verifyIncomingFrame } from '@seccam/pki';
import { nodeFrameCrypto } from '@seccam/pki/node';
import {
  bytesToBase64,
  bytesEqual,
  CLOSE_REASONS,
  CloseCode,
  closeCodeForFrameError,
  decodeFrame,
  FrameFlags,
  isFrameError,
  parseIngestClientMessage,
  serializeControlMessage,
  StandardCloseCode,
  type DecodedFrame,
  type HelloMessage,
  type IngestServerMessage,
} from '@seccam/schema';
import { isDatabaseUnreachable } from '../db/errors.ts';
import { isAppError } from '../errors.ts';
import { closeGoingAway, GOING_AWAY_REASON } from '../http/going-away.ts';
import type { ActiveSession } from '../modules/sessions/sessions.service.ts';
import { isBusUnavailable } from '../event-bus/event-bus.ts';
import type { AppendResult, StoredFrame, VerifiedFrame } from '../modules/streams/chunk-store.ts';
import type { StreamView } from '../modules/streams/streams.service.ts';
import type { UserRow } from '../modules/users/users.table.ts';
import { rejectUpgrade, type UpgradeRoute } from '../http/upgrade.ts';
import type { BudgetShare } from './byte-budget.ts';
import type { StreamingDeps } from './streaming-deps.ts';
import type { IngestEntry } from './socket-registry.ts';
import { keepAlive } from './keepalive.ts';

export interface IngestLimits {
  readonly maxFrameBytes: number;
  /** Frames received but not yet stored, per connection (one stream), before its socket pauses. */
  readonly maxQueuedFrames: number;
  readonly maxQueuedBytes: number;
  readonly helloTimeoutMs: number;
  readonly maxConnectionsPerUser: number;
}

/** ws's own limit sits just above ours so oversized frames get our typed 4413, not 1009. */
const WS_SLACK_BYTES = 64 * 1024;

export interface IngestRoute {
  readonly route: UpgradeRoute;
  /** Shutdown: every connection stores what it received (up to `graceMs`), then all close with 1001. */
  shutdown(graceMs: number): Promise<void>;
}

export function createIngestRoute(deps: StreamingDeps, limits: IngestLimits): IngestRoute {
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxFrameBytes + WS_SLACK_BYTES, perMessageDeflate: false });
  const connections = new Set<IngestConnection>();
  const route: UpgradeRoute = {
    requireSession: true,
    handle(req: IncomingMessage, socket, head, session: ActiveSession | null, adopt) {
      const user = session?.user;
      if (!user) {
        rejectUpgrade(socket, 401);
        return;
      }
      if (user.role !== 'driver') {
        rejectUpgrade(socket, 403);
        return;
      }
      if (deps.registry.ingestCountFor(user.id) >= limits.maxConnectionsPerUser) {
        rejectUpgrade(socket, 429);
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        adopt(ws);
        const connection = new IngestConnection(ws, user, deps, limits, deps.clientIp(req));
        connections.add(connection);
        ws.once('close', () => connections.delete(connection));
        connection.start();
      });
    },
  };
  return {
    route,
    shutdown: async (graceMs) => {
      await Promise.all([...connections].map((c) => c.finishForShutdown(graceMs)));
      await closeGoingAway(wss, graceMs);
    },
  };
}

interface Head {
  lastSeq: number | null;
  chainHead: Uint8Array;
  lastEpoch: number;
  ended: boolean;
}

/** Frames verified per step at most (they are handed to the group commit together). */
const MAX_BATCH_FRAMES = 64;

/** Hashing and signature checks on the calling thread ([Note: frame crypto provider]). */
const frameCrypto = nodeFrameCrypto();

class IngestConnection {
  private state: 'hello' | 'streaming' | 'closed' = 'hello';
  private stream: StreamView | undefined;
  private sigKey: CryptoKey | undefined;
  private head: Head | undefined;
  private entry: IngestEntry | undefined;
  private work: Promise<void> = Promise.resolve();
  /** Settles once every frame handed to storage so far was answered (never rejects). */
  private writes: Promise<void> = Promise.resolve();
  private share: BudgetShare | undefined;
  private readonly pending: Uint8Array[] = [];
  private queuedFrames = 0;
  private queuedBytes = 0;
  private paused = false;
  private stopping = false;
  private helloTimer: NodeJS.Timeout | undefined;
  private stopKeepAlive: (() => void) | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly user: UserRow,
    private readonly deps: StreamingDeps,
    private readonly limits: IngestLimits,
    private readonly ip: string,
  ) {}

  start(): void {
    this.share = this.deps.budget.share();
    this.helloTimer = setTimeout(() => {
      this.close(CloseCode.IdleTimeout, 'no hello in time');
    }, this.limits.helloTimeoutMs);
    this.stopKeepAlive = keepAlive(this.ws, this.deps.keepAliveMs, () => {
      this.close(CloseCode.IdleTimeout, 'keepalive lost');
    });
    this.ws.on('message', (data, isBinary) => {
      this.onMessage(data, isBinary);
    });
    this.ws.on('close', () => {
      this.cleanup();
    });
    this.ws.on('error', () => {
      this.cleanup();
    });
  }

  /** Reads no more, waits (up to `graceMs`) for what was received to be stored and acked, then closes with 1001. */
  async finishForShutdown(graceMs: number): Promise<void> {
    if (this.state === 'closed') return;
    this.stopping = true;
    this.ws.pause();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([this.work.then(() => this.writes), late]);
    clearTimeout(timer);
    this.close(StandardCloseCode.GoingAway, GOING_AWAY_REASON);
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.state === 'closed') return;
    const bytes = toBytes(data);
    if (!isBinary) {
      this.work = this.work
        .then(() => this.onControl(bytes))
        .catch((e: unknown) => {
          this.fail(e);
        });
      return;
    }
    if (!(this.share as BudgetShare).acquire(bytes.length)) this.pause();
    this.pending.push(bytes);
    this.queuedFrames++;
    this.queuedBytes += bytes.length;
    if (this.queuedFrames >= this.limits.maxQueuedFrames || this.queuedBytes >= this.limits.maxQueuedBytes) this.pause();
    if (this.pending.length === 1)
      this.work = this.work
        .then(() => this.drain())
        .catch((e: unknown) => {
          this.fail(e);
        });
  }

  /**
   * Verifies everything received so far, in batches. A batch's memory is released once its
   * frames were answered by storage (or refused), so what a connection holds stays within its
   * allowance while verification runs ahead of the commits.
   */
  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, MAX_BATCH_FRAMES);
      try {
        if (this.state === 'streaming') await this.onFrames(batch);
        else if (this.state === 'hello') this.close(CloseCode.BadFrame, 'send hello before frames');
      } catch (e) {
        this.fail(e);
      } finally {
        const bytes = batch.reduce((n, b) => n + b.length, 0);
        void this.writes.then(() => {
          this.queuedFrames -= batch.length;
          this.queuedBytes -= bytes;
          this.share?.release(bytes);
          this.maybeResume();
        });
      }
    }
  }

  private async onControl(bytes: Uint8Array): Promise<void> {
    if (this.state !== 'hello') {
      this.close(CloseCode.BadControl, 'unexpected control message');
      return;
    }
    let message;
    try {
      message = parseIngestClientMessage(new TextDecoder().decode(bytes));
    } catch (e) {
      this.close(CloseCode.BadControl, isFrameError(e) ? e.message : CLOSE_REASONS[CloseCode.BadControl]);
      return;
    }
    clearTimeout(this.helloTimer);
    const stream = await this.deps.streams.find(message.streamId);
    if (!stream) {
      this.close(CloseCode.UnknownStream, CLOSE_REASONS[CloseCode.UnknownStream]);
      return;
    }
    if (stream.ownerId !== this.user.id) {
      this.close(CloseCode.Forbidden, 'not your stream');
      return;
    }
    if (stream.endedAt) {
      this.close(CloseCode.StreamEnded, 'stream already ended');
      return;
    }
    const cert = await this.deps.certificates.current(this.user.id, 'sig');
    if (!cert || cert.serialHex !== stream.sigCertSerial) {
      this.close(CloseCode.Forbidden, 'the signing certificate of this stream is revoked or expired');
      return;
    }
    if (this.deps.registry.currentIngest(stream.id) !== undefined) {
      const refusal = await this.takeoverRefusal(message, stream.id);
      if (refusal !== null) {
        this.close(CloseCode.Forbidden, refusal);
        return;
      }
    }
    this.sigKey = await importCertificatePublicKey(stream.sigCertificatePem, 'sig');
    this.entry = {
      ws: this.ws,
      streamId: stream.id,
      ownerId: this.user.id,
      rekey: () => {
        this.send({ type: 'rekey' });
      },
      close: (code, reason) => {
        this.close(code, reason);
      },
    };
    this.deps.registry.addIngest(this.entry)?.close(CloseCode.Superseded, 'a newer connection took over');
    // A connection this one replaced (or one whose socket died) may still have frames in the
    // group commit: the head to resume from is the one after them.
    await this.deps.chunks.settled(stream.id);
    const head = await this.deps.streams.find(stream.id);
    if (this.isClosed()) return;
    if (!head || head.endedAt) {
      this.close(
        head ? CloseCode.StreamEnded : CloseCode.UnknownStream,
        head ? 'stream already ended' : CLOSE_REASONS[CloseCode.UnknownStream],
      );
      return;
    }
    this.stream = head;
    this.head = { lastSeq: head.lastSeq, chainHead: head.chainHead, lastEpoch: head.lastEpoch ?? 0, ended: false };
    this.state = 'streaming';
    this.send({
      type: 'resume',
      streamId: head.id,
      lastSeq: head.lastSeq,
      chainHeadB64: bytesToBase64(head.chainHead),
      epoch: head.lastEpoch,
    });
    if (await this.deps.access.revokedSinceEpoch(head)) this.send({ type: 'rekey' });
  }

  /**
   * Why this `hello` may not take over the stream's live ingest ([Note: ingest takeover]), or null
   * when its proof is good: a fresh `seccam-ingest-takeover/v1` statement for this stream and user,
   * signed by the user's current `sig` key, naming a later time than the last takeover accepted.
   */
  private async takeoverRefusal(hello: HelloMessage, streamId: string): Promise<string | null> {
    if (hello.takeoverAt === undefined || hello.takeoverSignatureB64 === undefined)
      return 'another connection is recording this stream: taking over needs a signed takeover statement (a session alone cannot)';
    const at = new Date(hello.takeoverAt);
    try {
      await this.deps.actionProofs.ensureSignedBy(
        this.user,
        { kind: 'ingest-takeover', fields: { streamId, username: this.user.username, at } },
        { at, signatureB64: hello.takeoverSignatureB64 },
      );
    } catch (e) {
      if (isAppError(e)) return e.message;
      throw e;
    }
    if (!this.deps.registry.acceptTakeover(streamId, at.getTime())) return 'this takeover statement was already used: sign a new one';
    return null;
  }

  /**
   * Verifies a batch in order against the running (verified) head and hands what passed to
   * storage; on the first failure, waits until what passed before it was stored and acked, then
   * acts on it (close code). Frames before a bad one are genuine and are kept.
   */
  private async onFrames(batch: readonly Uint8Array[]): Promise<void> {
    const stream = this.stream as StreamView;
    let verified: VerifiedFrame[] = [];
    const settle = async (): Promise<boolean> => {
      this.submit(verified);
      verified = [];
      await this.writes;
      return this.state !== 'closed';
    };
    for (const bytes of batch) {
      if (this.state === 'closed') return;
      const head = this.head as Head;
      let frame: DecodedFrame;
      try {
        frame = decodeFrame(bytes, { maxFrameBytes: this.limits.maxFrameBytes });
      } catch (e) {
        if (!isFrameError(e)) throw e;
        if (!(await settle())) return;
        return this.refuse(closeCodeForFrameError(e.code), e.message, null); // the message starts with its code (CodedError)
      }
      const { seq } = frame.header;
      const refuse = async (code: CloseCode, message: string): Promise<void> => {
        if (await settle()) await this.refuse(code, message, seq);
      };
      if (frame.header.streamId !== stream.id) return refuse(CloseCode.VerificationFailed, 'frame of another stream');
      if (head.ended) return refuse(CloseCode.StreamEnded, 'a frame after the END frame');
      if (head.lastSeq !== null && seq <= head.lastSeq) {
        if (!(await settle())) return;
        await this.onResend(frame);
        continue;
      }
      const expectedSeq = head.lastSeq === null ? 0 : head.lastSeq + 1;
      if (seq > expectedSeq) return refuse(CloseCode.SequenceGap, `expected seq ${expectedSeq}, got ${seq}`);
      const check = await verifyIncomingFrame(
        frame,
        {
          streamId: stream.id,
          sigPublicKey: this.sigKey as CryptoKey,
          expectedSeq,
          expectedPrevHash: head.chainHead,
          minEpoch: head.lastEpoch,
        },
        frameCrypto,
      );
      if (!check.ok) return refuse(CloseCode.VerificationFailed, `${check.reason}: ${check.message}`);
      verified.push({ frame, chainHash: check.chainHash });
      this.head = {
        lastSeq: seq,
        chainHead: check.chainHash,
        lastEpoch: frame.header.epoch,
        ended: (frame.header.flags & FrameFlags.END) !== 0,
      };
    }
    this.submit(verified);
  }

  /**
   * Hands verified frames to the group commit and their live copies to the hub ([Note: relay
   * before commit]); the ack, the announcement to other instances and the end follow the
   * commit, in order, on `this.writes`.
   */
  private submit(frames: readonly VerifiedFrame[]): void {
    if (frames.length === 0 || this.state === 'closed') return;
    if (!this.deps.registry.isCurrentIngest(this.entry as IngestEntry)) {
      this.close(CloseCode.Superseded, 'a newer connection took over');
      return;
    }
    const streamId = (this.stream as StreamView).id;
    const stored = this.deps.chunks.append(frames);
    stored.catch(() => undefined); // answered below, after the writes before it
    const live = frames.map(storedFrameOf);
    for (const frame of live) if ((frame.flags & FrameFlags.END) === 0) this.deps.hub.committed(streamId, frame, false);
    this.writes = this.writes
      .then(async () => {
        let result: AppendResult;
        try {
          result = await stored;
        } catch (e) {
          this.fail(e);
          return;
        }
        await this.onStored(live, result);
      })
      .catch((e: unknown) => {
        this.fail(e);
      });
  }

  /** After a commit: ack, announce, and end the connection if the END frame was stored. */
  private async onStored(frames: readonly StoredFrame[], result: AppendResult): Promise<void> {
    const last = frames.at(-1) as StoredFrame;
    if (!result.ok) {
      if (this.state !== 'closed')
        await this.refuse(CloseCode.SequenceConflict, `seq ${last.seq} was stored by another connection`, last.seq);
      return;
    }
    if (result.ended) this.deps.hub.committed((this.stream as StreamView).id, last, true);
    this.send({ type: 'ack', seq: last.seq });
    this.announce(frames, result.ended);
    if (result.ended) {
      this.send({ type: 'end', seq: last.seq });
      this.close(StandardCloseCode.Normal, 'stream ended');
    }
  }

  /** A frame at a stored seq: an idempotent resend (same chain hash) or a fork. */
  private async onResend(frame: DecodedFrame): Promise<void> {
    const stream = this.stream as StreamView;
    const { seq } = frame.header;
    const stored = await this.deps.chunks.chainHashAt(stream.id, seq);
    const hash = await chainHash(frame.headerBytes, frame.ciphertext, frameCrypto);
    if (stored && bytesEqual(stored, hash)) {
      this.send({ type: 'ack', seq: this.head?.lastSeq ?? seq });
      return;
    }
    await this.deps.audit.record({
      actor: this.user.username,
      action: 'chunk.conflict',
      subject: stream.id,
      detail: `different frame at stored seq ${seq}`,
      ip: this.ip,
    });
    this.close(CloseCode.SequenceConflict, `a different frame is stored at seq ${seq}`);
  }

  /**
   * Tells the other instances of stored frames, and the bus of a start and an end, without
   * waiting: the frames are stored, and an announcement that fails (the bus is down) costs only
   * the announcement — the others read storage ([Note: frames between instances]).
   */
  private announce(frames: readonly StoredFrame[], ended: boolean): void {
    const stream = this.stream as StreamView;
    const first = frames[0]?.seq;
    const last = frames.at(-1)?.seq ?? 0;
    this.unlessBusDown(this.deps.frames.publish(stream.id, frames, ended));
    if (first === 0) this.unlessBusDown(this.deps.bus.publish({ kind: 'stream.started', streamId: stream.id, ownerId: stream.ownerId }));
    if (ended) this.unlessBusDown(this.deps.bus.publish({ kind: 'stream.ended', streamId: stream.id, ownerId: stream.ownerId, seq: last }));
  }

  private unlessBusDown(published: Promise<void>): void {
    const streamId = this.stream?.id;
    published.catch((e: unknown) => {
      if (isBusUnavailable(e)) this.deps.logger.warn('ingest: frames stored but not announced; the event bus is down', { streamId });
      else
        this.deps.logger.error('ingest: announcing stored frames failed', { streamId, error: e instanceof Error ? e.message : String(e) });
    });
  }

  private async refuse(code: CloseCode, message: string, seq: number | null): Promise<void> {
    await this.deps.audit.record({
      actor: this.user.username,
      action: 'chunk.refused',
      subject: this.stream?.id ?? '',
      detail: `close ${code} at seq ${seq ?? '?'}: ${message}`,
      ip: this.ip,
    });
    this.close(code, message);
  }

  /** (A method, so a check after an await is not narrowed away.) */
  private isClosed(): boolean {
    return this.state === 'closed';
  }

  private send(message: IngestServerMessage): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(serializeControlMessage(message));
  }

  private close(code: number, reason: string): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    if (code >= 4000 && this.ws.readyState === this.ws.OPEN) {
      this.send({ type: 'error', code: codeName(code), message: reason.replace(/\p{Cc}/gu, ' ').slice(0, 200) });
    }
    this.ws.close(code, reason.slice(0, 120));
    // A paused socket (backpressure, shutdown) would never read the peer's closing frame, and
    // the close would hang until ws's timeout; what still arrives is dropped (state is closed).
    if (this.paused || this.stopping) this.ws.resume();
    this.cleanup();
  }

  private fail(e: unknown): void {
    if (isDatabaseUnreachable(e)) {
      // Retryable ([Note: an unreachable database]): the recorder keeps its unacked frames and resumes.
      this.deps.logger.warn('ingest: database unreachable, client told to try again later', {
        error: e instanceof Error ? e.message : String(e),
      });
      this.close(StandardCloseCode.TryAgainLater, DATABASE_UNAVAILABLE_REASON);
      return;
    }
    this.deps.logger.error('ingest failed', { error: e instanceof Error ? e.message : String(e) });
    this.close(StandardCloseCode.InternalError, 'internal error');
  }

  private pause(): void {
    if (!this.paused) {
      this.paused = true;
      this.ws.pause();
    }
  }

  private maybeResume(): void {
    if (!this.paused || this.stopping || this.state === 'closed') return;
    const share = this.share as BudgetShare;
    if (!share.allowed) {
      share.onRelease(() => {
        this.maybeResume();
      });
      return;
    }
    if (this.queuedFrames < this.limits.maxQueuedFrames / 2 && this.queuedBytes < this.limits.maxQueuedBytes / 2) {
      this.paused = false;
      this.ws.resume();
    }
  }

  private cleanup(): void {
    this.state = 'closed';
    clearTimeout(this.helloTimer);
    this.stopKeepAlive?.();
    this.share?.close();
    if (this.entry) this.deps.registry.removeIngest(this.entry);
  }
}

/** The live copy of a verified frame (its own bytes, not a view into the socket's buffer). */
function storedFrameOf({ frame }: VerifiedFrame): StoredFrame {
  const { seq, epoch, flags } = frame.header;
  return { seq, epoch, flags, bytes: new Uint8Array(frame.frameBytes) };
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** The close reason sent with 1013 when storage cannot be reached. */
export const DATABASE_UNAVAILABLE_REASON = 'database unavailable, try again later';

/** The CloseCode enum member name as an error code (e.g. 4422 → VERIFICATION_FAILED). */
export function codeName(code: number): string {
  const name = (CloseCode as unknown as Record<number, string | undefined>)[code];
  return name ? name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase() : 'INTERNAL';
}
