/**
 * `/ws/watch`: owners and dispatchers with an active grant receive a stream's frames exactly as
 * the driver signed them (docs/PROTOCOL.md §7): catch-up from storage, then live.
 *
 * [Note: slow watchers]
 * Each watcher pulls: it copies the next frame from the hub's ring (live) or reads a batch from
 * storage (catch-up), and before each send waits while its socket's buffered amount is above the
 * high-water mark. A slow viewer therefore falls back to reading storage at its own pace; it never
 * makes the server buffer without bound, and it never delays the driver or other viewers.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type WebSocket from 'ws';
import { WebSocketServer, type RawData } from 'ws';
import {
  CLOSE_REASONS,
  CloseCode,
  FrameFlags,
  isFrameError,
  parseWatchClientMessage,
  serializeControlMessage,
  StandardCloseCode,
  type WatchServerMessage,
} from '@seccam/schema';
import type { ActiveSession } from '../modules/sessions/sessions.service.ts';
import type { StoredFrame } from '../modules/streams/chunk-store.ts';
import type { StreamView } from '../modules/streams/streams.service.ts';
import type { UserRow } from '../modules/users/users.table.ts';
import { isDatabaseUnreachable } from '../db/errors.ts';
import { closeGoingAway } from '../http/going-away.ts';
import { rejectUpgrade, type UpgradeRoute } from '../http/upgrade.ts';
import { codeName, DATABASE_UNAVAILABLE_REASON } from './ingest.ts';
import { keepAlive } from './keepalive.ts';
import { mayStillWatch } from './resync.ts';
import type { WatchEntry } from './socket-registry.ts';
import type { StreamingDeps } from './streaming-deps.ts';

export interface WatchLimits {
  /** Pause sending while the socket buffers more than this. */
  readonly highWaterBytes: number;
  readonly batchFrames: number;
  readonly subscribeTimeoutMs: number;
  readonly maxConnectionsPerUser: number;
  /** How long a viewer's socket stays open while storage cannot be read ([Note: viewers ride out an outage]). */
  readonly storageOutageMs: number;
}

/** Where the pump is: the next seq to send, and whether the hub's head can be trusted (false after an aborted wait). */
interface PumpCursor {
  next: number;
  trustHead: boolean;
}

/** How often a pump looks at storage again while the database is unreachable. */
const STORAGE_RETRY_MS = 500;

export interface WatchRoute {
  readonly route: UpgradeRoute;
  /** Shutdown: every viewer gets 1001 (and reconnects elsewhere or later). */
  shutdown(graceMs: number): Promise<void>;
}

export function createWatchRoute(deps: StreamingDeps, limits: WatchLimits): WatchRoute {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096, perMessageDeflate: false });
  const route: UpgradeRoute = {
    requireSession: true,
    handle(req: IncomingMessage, socket, head, session: ActiveSession | null, adopt) {
      const user = session?.user;
      if (!user) {
        rejectUpgrade(socket, 401);
        return;
      }
      if (deps.registry.watchCountFor(user.id) >= limits.maxConnectionsPerUser) {
        rejectUpgrade(socket, 429);
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        adopt(ws);
        new WatchConnection(ws, user, deps, limits, deps.clientIp(req)).start();
      });
    },
  };
  return { route, shutdown: (graceMs) => closeGoingAway(wss, graceMs) };
}

class WatchConnection {
  private state: 'subscribe' | 'streaming' | 'closed' = 'subscribe';
  private readonly abort = new AbortController();
  private entry: WatchEntry | undefined;
  private timers: NodeJS.Timeout[] = [];
  private stopKeepAlive: (() => void) | undefined;
  private attachedTo: string | undefined;
  private readonly connectionId = randomUUID();

  constructor(
    private readonly ws: WebSocket,
    private readonly user: UserRow,
    private readonly deps: StreamingDeps,
    private readonly limits: WatchLimits,
    private readonly ip: string,
  ) {}

  start(): void {
    this.timers.push(
      setTimeout(() => {
        this.close(CloseCode.IdleTimeout, 'no subscribe in time');
      }, this.limits.subscribeTimeoutMs),
    );
    this.stopKeepAlive = keepAlive(this.ws, this.deps.keepAliveMs, () => {
      this.close(CloseCode.IdleTimeout, 'keepalive lost');
    });
    this.ws.on('message', (data, isBinary) => {
      this.onMessage(data, isBinary).catch((e: unknown) => {
        const error = e instanceof Error ? e.message : String(e);
        if (isDatabaseUnreachable(e)) {
          this.deps.logger.warn('watch: database unreachable, viewer told to try again later', { error });
          this.close(StandardCloseCode.TryAgainLater, DATABASE_UNAVAILABLE_REASON);
          return;
        }
        this.deps.logger.error('watch failed', { error });
        this.close(StandardCloseCode.InternalError, 'internal error');
      });
    });
    this.ws.on('close', () => {
      this.cleanup();
    });
    this.ws.on('error', () => {
      this.cleanup();
    });
  }

  private async onMessage(data: RawData, isBinary: boolean): Promise<void> {
    if (this.state !== 'subscribe') {
      this.close(CloseCode.BadControl, 'one subscribe per connection');
      return;
    }
    if (isBinary) {
      this.close(CloseCode.BadFrame, 'viewers send no frames');
      return;
    }
    let message;
    try {
      message = parseWatchClientMessage(Buffer.from(data as Buffer).toString('utf8'));
    } catch (e) {
      this.close(CloseCode.BadControl, isFrameError(e) ? e.message : CLOSE_REASONS[CloseCode.BadControl]);
      return;
    }
    this.state = 'streaming';
    for (const t of this.timers) clearTimeout(t);
    const stream = await this.deps.streams.find(message.streamId);
    if (!stream) {
      this.close(CloseCode.UnknownStream, CLOSE_REASONS[CloseCode.UnknownStream]);
      return;
    }
    const access = await this.deps.access.forStream(this.user, stream);
    if (!access.ok) {
      this.close(CloseCode.Forbidden, 'no access to this stream');
      return;
    }
    if (access.as === 'grantee' && access.until) {
      const ms = Math.max(0, access.until.getTime() - Date.now());
      this.timers.push(
        setTimeout(
          () => {
            this.close(CloseCode.Forbidden, 'grant expired');
          },
          Math.min(ms, 2 ** 31 - 1),
        ),
      );
    }
    this.entry = {
      ws: this.ws,
      streamId: stream.id,
      ownerId: stream.ownerId,
      viewerId: this.user.id,
      revoke: () => {
        this.send({ type: 'revoked' });
        this.close(CloseCode.Revoked, CLOSE_REASONS[CloseCode.Revoked]);
      },
      epoch: (epoch) => {
        this.send({ type: 'epoch', epoch });
      },
      close: (code, reason) => {
        this.close(code, reason);
      },
    };
    this.deps.registry.addWatch(this.entry);
    this.deps.hub.attach(stream.id, stream.lastSeq, stream.endedAt !== null);
    this.attachedTo = stream.id;
    const { fromSeq, initSeq } = await this.startPoint(stream, message.from);
    // Recorded before anything is sent: no frame leaves without its audit entry.
    await this.deps.audit.record({
      actor: this.user.username,
      action: `stream.${message.purpose ?? 'watch'}`,
      subject: stream.id,
      detail: `${access.as} from ${String(message.from)}`,
      ip: this.ip,
    });
    this.send({ type: 'subscribed', streamId: stream.id, fromSeq, initSeq, headSeq: stream.lastSeq, ended: stream.endedAt !== null });
    if (!this.isStopped()) {
      const since = new Date().toISOString();
      this.deps.presence.joined({
        connectionId: this.connectionId,
        streamId: stream.id,
        ownerId: stream.ownerId,
        viewerId: this.user.id,
        since,
      });
    }
    if (initSeq !== null) {
      const init = await this.deps.chunks.one(stream.id, initSeq);
      if (init) await this.sendFrame(init);
    }
    await this.pump(stream.id, fromSeq);
  }

  /** Where a viewer starts: a given seq, or (live) the latest keyframe plus a detached INIT. */
  private async startPoint(stream: StreamView, from: number | 'live'): Promise<{ fromSeq: number; initSeq: number | null }> {
    if (from !== 'live') return { fromSeq: from, initSeq: null };
    const keyframe = await this.deps.chunks.latestWithFlag(stream.id, FrameFlags.KEYFRAME);
    if (keyframe === undefined) return { fromSeq: (stream.lastSeq ?? -1) + 1, initSeq: null };
    const keyframeFrame = await this.deps.chunks.one(stream.id, keyframe);
    if (!keyframeFrame || (keyframeFrame.flags & FrameFlags.INIT) !== 0) return { fromSeq: keyframe, initSeq: null };
    const init = await this.deps.chunks.latestWithFlag(stream.id, FrameFlags.INIT, keyframe);
    return { fromSeq: keyframe, initSeq: init ?? null };
  }

  /** True once the connection is closing (a method, so it is re-read after every await). */
  private isStopped(): boolean {
    return this.abort.signal.aborted;
  }

  /**
   * Sends frames from `fromSeq` on until the stream ends or the socket closes.
   *
   * [Note: viewers ride out an outage]
   * A storage read that fails because the database is unreachable is retried while the socket
   * stays open (its keepalive needs no database), for up to `storageOutageMs`; then the viewer
   * is closed with 1013 and reconnects. This instance may have missed a revocation meanwhile
   * (its bus was cut too), so before the next frame it asks storage whether the viewer may still
   * watch, and closes with 4499 if not; the re-check after the bus gap ([Note: after a gap])
   * covers sockets that never noticed the outage.
   */
  private async pump(streamId: string, fromSeq: number): Promise<void> {
    const cursor: PumpCursor = { next: fromSeq, trustHead: true };
    let outageSince: number | undefined;
    let recheckAccess = false;
    while (!this.isStopped()) {
      try {
        if (recheckAccess) {
          if (!(await mayStillWatch(this.deps, this.user.id, streamId))) {
            this.entry?.revoke();
            return;
          }
          recheckAccess = false;
        }
        const step = await this.pumpOnce(streamId, cursor);
        if (step === 'ended') return;
        if (step === 'progress') outageSince = undefined;
      } catch (e) {
        if (!isDatabaseUnreachable(e)) throw e;
        outageSince ??= Date.now();
        recheckAccess = true;
        if (Date.now() - outageSince >= this.limits.storageOutageMs) throw e;
        await this.pauseFor(STORAGE_RETRY_MS);
      }
    }
  }

  /** One step of the pump: wait for a commit, or send what the ring or storage holds next. */
  private async pumpOnce(streamId: string, cursor: PumpCursor): Promise<'ended' | 'progress' | 'idle'> {
    const known = this.deps.hub.head(streamId);
    if (cursor.trustHead && known && !known.ended && known.seq < cursor.next) {
      // Caught up with a live stream: nothing to read until the next commit; no timer, no
      // polling of our own ([Note: idle watchers] in stream-hub.ts).
      cursor.trustHead = await this.deps.hub.waitAfter(streamId, cursor.next - 1, this.abort.signal);
      return 'idle';
    }
    cursor.trustHead = true;
    const live = this.deps.hub.recent(streamId, cursor.next);
    const batch = live ? [live] : await this.deps.chunks.range(streamId, cursor.next, this.limits.batchFrames);
    const first = batch[0];
    if (first) {
      // Frames commit strictly in order, so a stored frame past `next` means storage lost
      // some: send what is there and let the viewer's verifier name the gap.
      if (first.seq !== cursor.next) await this.reportHole(streamId, cursor.next, first.seq);
      cursor.next = first.seq;
      for (const frame of batch) {
        if (frame.seq !== cursor.next || this.isStopped()) break;
        await this.sendFrame(frame);
        cursor.next++;
      }
      return 'progress';
    }
    const stream = await this.deps.streams.find(streamId);
    if (stream?.endedAt && stream.lastSeq !== null) {
      // Ended, and nothing more in storage: if the END frame itself is gone, the viewer sees
      // the stream end without it ("truncated") rather than waiting forever.
      this.send({ type: 'end', seq: stream.lastSeq });
      this.close(StandardCloseCode.Normal, 'stream ended');
      return 'ended';
    }
    cursor.trustHead = await this.deps.hub.waitAfter(streamId, cursor.next - 1, this.abort.signal);
    return 'progress';
  }

  /** Waits `ms`, or less if the connection closes first. */
  private pauseFor(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.abort.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.abort.signal.addEventListener('abort', done, { once: true });
    });
  }

  private async reportHole(streamId: string, expected: number, found: number): Promise<void> {
    await this.deps.audit.record({
      actor: 'system',
      action: 'storage.gap',
      subject: streamId,
      detail: `frames ${expected}..${found - 1} missing from storage`,
    });
  }

  private async sendFrame(frame: StoredFrame): Promise<void> {
    while (this.ws.bufferedAmount > this.limits.highWaterBytes && !this.abort.signal.aborted) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    if (this.ws.readyState !== this.ws.OPEN) return;
    await new Promise<void>((resolve) => {
      this.ws.send(frame.bytes, { binary: true }, () => {
        resolve();
      });
    });
  }

  private send(message: WatchServerMessage): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(serializeControlMessage(message));
  }

  private close(code: number, reason: string): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    if (code >= 4000 && code !== (CloseCode.Revoked as number) && this.ws.readyState === this.ws.OPEN) {
      this.send({ type: 'error', code: codeName(code), message: reason.slice(0, 200) });
    }
    this.ws.close(code, reason.slice(0, 120));
    this.cleanup();
  }

  private cleanup(): void {
    this.state = 'closed';
    this.abort.abort();
    for (const t of this.timers) clearTimeout(t);
    this.stopKeepAlive?.();
    if (this.entry) this.deps.registry.removeWatch(this.entry);
    this.deps.presence.left(this.connectionId);
    if (this.attachedTo) this.deps.hub.detach(this.attachedTo);
    this.attachedTo = undefined;
  }
}
