/**
 * `/ws/ingest`: a driver's recorder uploads signed, encrypted frames (docs/PROTOCOL.md §7).
 *
 * Every frame is decoded and verified — stream, seq, epoch, prevHash, signature against the
 * owner's certificate — before it is stored, and acknowledged only after its transaction
 * commits. Frames are processed one at a time per connection; while storage lags the socket is
 * paused, so a fast client meets TCP backpressure instead of growing the server's memory.
 * When the database cannot be reached the socket closes with 1013 (try again later): nothing
 * unacked was stored, and the recorder resends it after reconnecting. At shutdown each
 * connection stops reading, lets what it received be stored and acked, then closes with 1001.
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
import { importCertificatePublicKey, verifyIncomingFrame } from '@seccam/pki';
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
import { chainHash } from '@seccam/pki';
import { isDatabaseUnreachable } from '../db/errors.ts';
import { isAppError } from '../errors.ts';
import { closeGoingAway, GOING_AWAY_REASON } from '../http/going-away.ts';
import type { ActiveSession } from '../modules/sessions/sessions.service.ts';
import { isBusUnavailable } from '../event-bus/event-bus.ts';
import type { StoredFrame, VerifiedFrame } from '../modules/streams/chunk-store.ts';
import type { StreamView } from '../modules/streams/streams.service.ts';
import type { UserRow } from '../modules/users/users.table.ts';
import { rejectUpgrade, type UpgradeRoute } from '../http/upgrade.ts';
import type { StreamingDeps } from './streaming-deps.ts';
import type { IngestEntry } from './socket-registry.ts';
import { keepAlive } from './keepalive.ts';

export interface IngestLimits {
  readonly maxFrameBytes: number;
  /** Frames received but not yet stored, per connection, before the socket pauses. */
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

/** Frames verified and stored per transaction at most (group commit). */
const MAX_BATCH_FRAMES = 64;

class IngestConnection {
  private state: 'hello' | 'streaming' | 'closed' = 'hello';
  private stream: StreamView | undefined;
  private sigKey: CryptoKey | undefined;
  private head: Head | undefined;
  private entry: IngestEntry | undefined;
  private work: Promise<void> = Promise.resolve();
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
    await Promise.race([this.work, late]);
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
    if (!this.deps.budget.acquire(bytes.length)) this.pause();
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

  /** Processes everything received so far, in batches, releasing memory as it goes. */
  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, MAX_BATCH_FRAMES);
      try {
        if (this.state === 'streaming') await this.onFrames(batch);
        else if (this.state === 'hello') this.close(CloseCode.BadFrame, 'send hello before frames');
      } finally {
        const bytes = batch.reduce((n, b) => n + b.length, 0);
        this.queuedFrames -= batch.length;
        this.queuedBytes -= bytes;
        this.deps.budget.release(bytes);
        this.maybeResume();
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
    this.stream = stream;
    this.sigKey = await importCertificatePublicKey(stream.sigCertificatePem, 'sig');
    this.head = { lastSeq: stream.lastSeq, chainHead: stream.chainHead, lastEpoch: stream.lastEpoch ?? 0, ended: false };
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
    this.state = 'streaming';
    this.send({
      type: 'resume',
      streamId: stream.id,
      lastSeq: stream.lastSeq,
      chainHeadB64: bytesToBase64(stream.chainHead),
      epoch: stream.lastEpoch,
    });
    if (await this.deps.access.revokedSinceEpoch(stream)) this.send({ type: 'rekey' });
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
   * Verifies a batch in order against the running head, stores every frame that passed in one
   * transaction, acks, and only then acts on the first failure (close code). Frames before a bad
   * one are genuine and are kept.
   */
  private async onFrames(batch: readonly Uint8Array[]): Promise<void> {
    const stream = this.stream as StreamView;
    let verified: VerifiedFrame[] = [];
    let head = this.head as Head;
    for (const bytes of batch) {
      if (this.state === 'closed') return;
      let frame: DecodedFrame;
      try {
        frame = decodeFrame(bytes, { maxFrameBytes: this.limits.maxFrameBytes });
      } catch (e) {
        if (!isFrameError(e)) throw e;
        await this.store(verified);
        return this.refuse(closeCodeForFrameError(e.code), e.message, null); // the message starts with its code (CodedError)
      }
      const { seq } = frame.header;
      const refuse = async (code: CloseCode, message: string): Promise<void> => {
        await this.store(verified);
        await this.refuse(code, message, seq);
      };
      if (frame.header.streamId !== stream.id) return refuse(CloseCode.VerificationFailed, 'frame of another stream');
      if (head.ended) return refuse(CloseCode.StreamEnded, 'a frame after the END frame');
      if (head.lastSeq !== null && seq <= head.lastSeq) {
        if (!(await this.store(verified))) return;
        verified = [];
        await this.onResend(frame);
        continue;
      }
      const expectedSeq = head.lastSeq === null ? 0 : head.lastSeq + 1;
      if (seq > expectedSeq) return refuse(CloseCode.SequenceGap, `expected seq ${expectedSeq}, got ${seq}`);
      const check = await verifyIncomingFrame(frame, {
        streamId: stream.id,
        sigPublicKey: this.sigKey as CryptoKey,
        expectedSeq,
        expectedPrevHash: head.chainHead,
        minEpoch: head.lastEpoch,
      });
      if (!check.ok) return refuse(CloseCode.VerificationFailed, `${check.reason}: ${check.message}`);
      verified.push({ frame, chainHash: check.chainHash });
      head = {
        lastSeq: seq,
        chainHead: check.chainHash,
        lastEpoch: frame.header.epoch,
        ended: (frame.header.flags & FrameFlags.END) !== 0,
      };
    }
    await this.store(verified);
  }

  /** Stores verified frames, acks the last, announces them; false if the connection closed. */
  private async store(frames: readonly VerifiedFrame[]): Promise<boolean> {
    const last = frames.at(-1);
    if (!last || this.state === 'closed') return this.state !== 'closed';
    if (!this.deps.registry.isCurrentIngest(this.entry as IngestEntry)) {
      this.close(CloseCode.Superseded, 'a newer connection took over');
      return false;
    }
    const stored = await this.deps.chunks.append(frames);
    const { seq } = last.frame.header;
    if (!stored.ok) {
      await this.refuse(CloseCode.SequenceConflict, `seq ${seq} was stored by another connection`, seq);
      return false;
    }
    this.head = { lastSeq: seq, chainHead: last.chainHash, lastEpoch: last.frame.header.epoch, ended: stored.ended };
    this.send({ type: 'ack', seq });
    await this.announce(frames, stored.ended);
    if (stored.ended) {
      this.send({ type: 'end', seq });
      this.close(StandardCloseCode.Normal, 'stream ended');
      return false;
    }
    return true;
  }

  /** A frame at a stored seq: an idempotent resend (same chain hash) or a fork. */
  private async onResend(frame: DecodedFrame): Promise<void> {
    const stream = this.stream as StreamView;
    const { seq } = frame.header;
    const stored = await this.deps.chunks.chainHashAt(stream.id, seq);
    const hash = await chainHash(frame.headerBytes, frame.ciphertext);
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

  private async announce(frames: readonly VerifiedFrame[], ended: boolean): Promise<void> {
    const stream = this.stream as StreamView;
    const stored: StoredFrame[] = frames.map(({ frame }) => {
      const { seq, epoch, flags } = frame.header;
      return { seq, epoch, flags, bytes: new Uint8Array(frame.frameBytes) };
    });
    for (const [i, frame] of stored.entries()) this.deps.hub.committed(stream.id, frame, ended && i === stored.length - 1);
    const first = stored[0]?.seq;
    const last = stored.at(-1)?.seq ?? 0;
    // [Note: frames between instances]: what the others miss while the bus is down they read from storage.
    await this.unlessBusDown(this.deps.frames.publish(stream.id, stored, ended));
    if (first === 0)
      await this.unlessBusDown(this.deps.bus.publish({ kind: 'stream.started', streamId: stream.id, ownerId: stream.ownerId }));
    if (ended)
      await this.unlessBusDown(this.deps.bus.publish({ kind: 'stream.ended', streamId: stream.id, ownerId: stream.ownerId, seq: last }));
  }

  /** The frames are stored: a bus that refuses (BusUnavailableError) costs the announcement, not the ingest. */
  private async unlessBusDown(published: Promise<void>): Promise<void> {
    try {
      await published;
    } catch (e) {
      if (!isBusUnavailable(e)) throw e;
      this.deps.logger.warn('ingest: frames stored but not announced; the event bus is down', { streamId: this.stream?.id });
    }
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
    if (this.deps.budget.exhausted) {
      this.deps.budget.onRelease(() => {
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
    if (this.entry) this.deps.registry.removeIngest(this.entry);
  }
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
