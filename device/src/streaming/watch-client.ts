import {
  CloseCode,
  StandardCloseCode,
  isRetryableCloseCode,
  parseWatchServerMessage,
  serializeControlMessage,
  type SubscribedMessage,
  type WatchPurpose,
} from '@seccam/schema';
import { decodePem, genesisPrevHash, type ChainStatus } from '@seccam/pki';
import type { SeccamClient } from '../client/seccam-client.ts';
import type { BackoffPolicy } from './backoff.ts';
import { ensureTrustedCertificate } from './certificate-trust.ts';
import { checkContactCertificate } from '../contacts/contact-rules.ts';
import { closedError, isRetryableHttpStatus, refusedError } from './close-advice.ts';
import { deferred } from './deferred.ts';
import { EpochKeyRing } from './epoch-key-ring.ts';
import type { Identity } from './identity.ts';
import { FrameSocket, type SocketConnector } from './frame-socket.ts';
import { Listeners } from './listeners.ts';
import { ReconnectSchedule } from './reconnect-schedule.ts';
import { fetchStream, type StreamDetail } from './stream-operations.ts';
import { StreamingError } from './streaming-error.ts';
import { failProtocol, parseServerControl } from './server-control.ts';
import { WatchFrameProcessor, type WatchFailure, type WatchedFrame } from './watch-frames.ts';

export type WatchStatus = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'ended' | 'revoked' | 'done' | 'failed' | 'closed';

export interface WatchClientOptions {
  readonly client: SeccamClient;
  /** `username` names whose verified contacts apply ([Note: verified contacts]). */
  readonly identity: Pick<Identity, 'username' | 'encPrivateKey' | 'encSerialHex' | 'anchors'>;
  readonly streamId: string;
  /** A seq (0 = the whole stream, verified from its genesis) or `live` (late join). Default `live`. */
  readonly from?: number | 'live';
  /** Why we read, for the owner's access history (default `watch`; see the subscribe message). */
  readonly purpose?: WatchPurpose;
  /** Decrypt and decode payloads (default true); false only verifies (evidence replay). */
  readonly decrypt?: boolean;
  /** Finish (status `done`) after the frame that was the head when subscribing: a replay, not a live watch. */
  readonly untilHead?: boolean;
  /** Opens a socket to `/ws/watch`, default through `client`. */
  readonly connect?: SocketConnector;
  readonly backoff?: Partial<BackoffPolicy>;
  readonly maxReconnectAttempts?: number;
  /** Called for every delivered frame, in order; a returned promise is awaited (backpressure). */
  readonly onFrame?: (frame: WatchedFrame) => void | Promise<void>;
}

export interface WatchEvents extends Record<string, readonly unknown[]> {
  status: [status: WatchStatus, error: StreamingError | undefined];
  subscribed: [message: SubscribedMessage];
  /** A verified frame that could not be read (no key, decrypt, payload); watching goes on. */
  unreadable: [failure: WatchFailure, frame: WatchedFrame];
  epoch: [epoch: number];
}

/** How a watch finished. */
export interface WatchOutcome {
  readonly status: 'ended' | 'revoked' | 'done' | 'closed';
  readonly chain: ChainStatus;
  /** The close code of the last socket, if it closed. */
  readonly closeCode: number | null;
}

const REVOKED: number = CloseCode.Revoked;
/** The `frameFailure.reason` of a stream whose signer is not the certificate of a verified contact. */
export const CONTACT_CERTIFICATE_CHANGED = 'contact-certificate-changed';
const TERMINAL: ReadonlySet<WatchStatus> = new Set(['ended', 'revoked', 'done', 'failed', 'closed']);
/** Stop reading the socket while this many frames wait to be processed (where the runtime can pause: [Note: what only Node can do with a socket]). */
const MAX_QUEUED_FRAMES = 64;
const PING_INTERVAL_MS = 15_000;

/**
 * The viewer side of `/ws/watch` (docs/PROTOCOL.md §7): subscribes, verifies every frame with
 * `FrameVerifier` (genesis anchor from the driver's `sig` certificate checked against the
 * pinned root, or the join anchor for a live join), fetches and checks its wrapped keys per
 * epoch, decrypts and decodes. A verification failure is fatal (`failed`, with the reason and
 * seq); unreadable frames are reported and skipped. Retryable drops resubscribe after the last
 * verified frame.
 */
export class WatchClient {
  readonly #options: WatchClientOptions;
  readonly #reconnect: ReconnectSchedule;
  readonly #listeners = new Listeners<WatchEvents>();
  readonly #done = deferred<WatchOutcome>();
  #processor: WatchFrameProcessor | null = null;
  #keyRing: EpochKeyRing | null = null;
  #stream: StreamDetail | null = null;
  #socket: FrameSocket | null = null;
  #status: WatchStatus = 'idle';
  #error: StreamingError | undefined;
  #serverError: { code: string; message: string } | undefined;
  #revoked = false;
  #closeCode: number | null = null;
  #queue: Promise<void> = Promise.resolve();
  #queued = 0;
  #subscribedOnce = deferred<SubscribedMessage>();
  #untilSeq: number | null = null;

  constructor(options: WatchClientOptions) {
    this.#options = options;
    this.#reconnect = new ReconnectSchedule(options.backoff, options.maxReconnectAttempts);
  }

  get status(): WatchStatus {
    return this.#status;
  }
  get error(): StreamingError | undefined {
    return this.#error;
  }
  /** The stream as the server described it (after `start`). */
  get stream(): StreamDetail | null {
    return this.#stream;
  }
  get chain(): ChainStatus | null {
    return this.#processor?.chainStatus ?? null;
  }
  get closeCode(): number | null {
    return this.#closeCode;
  }

  on<K extends keyof WatchEvents>(event: K, listener: (...args: WatchEvents[K]) => void): () => void {
    return this.#listeners.on(event, listener);
  }

  /**
   * Looks up the stream, verifies the driver's `sig` certificate against the pinned root,
   * connects and subscribes. Resolves with the first `subscribed`.
   */
  async start(): Promise<SubscribedMessage> {
    if (this.#status !== 'idle') return this.#subscribedOnce.promise;
    this.#setStatus('connecting');
    try {
      const stream = await fetchStream(this.#options.client, this.#options.streamId);
      // [Note: sig certificates and the CRL] No CRL here: a sig certificate revoked later still
      // proves who signed frames sealed before; evidence checks validity at capture time.
      const driver = await ensureTrustedCertificate(
        stream.sigCertificatePem,
        this.#options.identity.anchors,
        {
          kind: 'sig',
          username: stream.owner,
          at: new Date(stream.createdAt),
          log: { follower: this.#options.client.log, proof: stream.sigCertificateLogProof },
        },
        `driver ${stream.owner}`,
      );
      await this.#ensureVerifiedSigner(stream);
      const from = this.#options.from ?? 'live';
      const genesis = from === 0 ? await genesisPrevHash(stream.id, decodePem(stream.sigCertificatePem, 'CERTIFICATE')) : null;
      const keyRing =
        this.#options.decrypt === false
          ? null
          : new EpochKeyRing(this.#options.client, stream.id, this.#options.identity, driver.publicKey);
      this.#stream = stream;
      this.#processor = new WatchFrameProcessor({
        streamId: stream.id,
        sigPublicKey: driver.publicKey,
        start: genesis === null ? { kind: 'join' } : { kind: 'genesis', genesisPrevHash: genesis },
        keyRing,
      });
      this.#keyRing = keyRing;
    } catch (error) {
      this.#fail(
        error instanceof StreamingError
          ? error
          : new StreamingError('INVALID_ARGUMENT', `cannot watch stream ${this.#options.streamId}: ${String(error)}`, { cause: error }),
      );
      throw error; // as thrown (a GraphQL refusal keeps its code)
    }
    this.#open();
    return this.#subscribedOnce.promise;
  }

  /**
   * A driver this viewer verified signs with a certificate the contact holds, or nothing is
   * shown ([Note: verified contacts]): a stream rooted in another one is refused as a
   * verification failure (`contact-certificate-changed`), whatever the log says.
   */
  async #ensureVerifiedSigner(stream: StreamDetail): Promise<void> {
    const { client, identity } = this.#options;
    const check = await checkContactCertificate(client.contacts, identity.username, stream.owner, stream.sigCertificatePem);
    if (check.status !== 'changed') return;
    const message = `stream ${stream.id} is signed by a certificate in ${stream.owner}'s name that you did not verify: ${check.error.message}`;
    throw new StreamingError('VERIFICATION', message, {
      frameFailure: { reason: CONTACT_CERTIFICATE_CHANGED, seq: null, message },
      cause: check.error,
    });
  }

  /** Resolves when the watch finishes (ended, revoked, done, closed); rejects with the failure. */
  whenDone(): Promise<WatchOutcome> {
    return this.#done.promise;
  }

  async close(): Promise<void> {
    const socket = this.#socket;
    if (!TERMINAL.has(this.#status)) this.#finish('closed');
    if (socket) await socket.closeGracefully();
  }

  #open(): void {
    this.#serverError = undefined;
    const { client } = this.#options;
    const connect = this.#options.connect ?? (() => client.openSocket('/ws/watch'));
    const ws: FrameSocket = new FrameSocket(connect(), client.socketControl, {
      open: () => {
        const last = this.#processor?.chainStatus.lastSeq ?? null;
        const from = last === null ? (this.#options.from ?? 'live') : last + 1;
        ws.sendText(
          serializeControlMessage({ type: 'subscribe', streamId: this.#options.streamId, from, purpose: this.#options.purpose ?? 'watch' }),
        );
        ws.keepAlive(PING_INTERVAL_MS);
      },
      text: (text) => {
        if (ws === this.#socket && !TERMINAL.has(this.#status)) this.#onText(ws, text);
      },
      binary: (bytes) => {
        if (ws === this.#socket && !TERMINAL.has(this.#status)) this.#enqueue(ws, () => this.#processFrame(ws, bytes));
      },
      close: (code, reason, refusedStatus) => {
        this.#onClose(ws, code, reason, refusedStatus);
      },
    });
    this.#socket = ws;
  }

  #onText(ws: FrameSocket, text: string): void {
    const message = parseServerControl(text, parseWatchServerMessage, (why) => {
      this.#protocolFailure(ws, why);
    });
    if (message === undefined) return;
    switch (message.type) {
      case 'subscribed':
        this.#onSubscribed(ws, message);
        return;
      case 'epoch':
        void this.#keyRing?.forget(message.epoch).then(() => this.#keyRing?.keyFor(message.epoch));
        this.#listeners.emit('epoch', message.epoch);
        return;
      case 'end':
        this.#enqueue(ws, () => {
          const last = this.#processor?.chainStatus;
          if (last?.ended === 'signed' && last.lastSeq === message.seq) this.#finish('ended');
          else if (last?.ended !== 'signed') this.#truncated(ws, message.seq, last?.lastSeq ?? null);
          else this.#protocolFailure(ws, `the server ended the stream at seq ${message.seq} without delivering that signed END frame`);
          return Promise.resolve();
        });
        return;
      case 'revoked':
        this.#revoked = true;
        return;
      case 'error':
        this.#serverError = { code: message.code, message: message.message };
        return;
    }
  }

  #onSubscribed(ws: FrameSocket, message: SubscribedMessage): void {
    if (message.streamId !== this.#options.streamId) {
      this.#protocolFailure(ws, `the server subscribed stream ${message.streamId}`);
      return;
    }
    this.#enqueue(ws, () => {
      this.#processor?.beginSubscription(message.fromSeq, message.initSeq, message.headSeq);
      if (this.#options.untilHead === true && this.#untilSeq === null) this.#untilSeq = message.headSeq ?? -1;
      this.#setStatus('live');
      this.#subscribedOnce.resolve(message);
      this.#listeners.emit('subscribed', message);
      if (this.#untilSeq !== null && (this.#processor?.chainStatus.lastSeq ?? -1) >= this.#untilSeq) this.#finish('done');
      return Promise.resolve();
    });
  }

  async #processFrame(ws: FrameSocket, bytes: Uint8Array): Promise<void> {
    const processor = this.#processor;
    if (processor === null) return;
    const outcome = await processor.process(bytes);
    if (TERMINAL.has(this.#status)) return;
    switch (outcome.kind) {
      case 'duplicate':
        return;
      case 'fatal': {
        const { reason, seq, message } = outcome.failure;
        this.#fail(
          new StreamingError('VERIFICATION', `frame ${seq ?? '(undecodable)'} failed verification (${reason}): ${message}`, {
            frameFailure: outcome.failure,
          }),
        );
        ws.close(StandardCloseCode.Normal, 'verification failed');
        return;
      }
      case 'unreadable':
        this.#listeners.emit('unreadable', outcome.failure, outcome.frame);
        break;
      case 'frame':
        await this.#options.onFrame?.(outcome.frame);
        break;
    }
    this.#reconnect.reset();
    const { frame } = outcome;
    // An END frame is confirmed by the server's `end` (status `ended`), so a replay waits for it.
    if (this.#untilSeq !== null && !frame.detached && !frame.end && frame.seq >= this.#untilSeq) this.#finish('done');
  }

  /** Runs message handlers one at a time, pausing the socket while too many frames wait. */
  #enqueue(ws: FrameSocket, task: () => Promise<void>): void {
    this.#queued += 1;
    if (this.#queued > MAX_QUEUED_FRAMES) ws.pause();
    this.#queue = this.#queue
      .then(() => (ws === this.#socket ? task() : undefined))
      .catch((error: unknown) => {
        this.#fail(
          new StreamingError('INVALID_ARGUMENT', `watching stopped: ${error instanceof Error ? error.message : String(error)}`, {
            cause: error,
          }),
        );
      })
      .finally(() => {
        this.#queued -= 1;
        if (this.#queued <= MAX_QUEUED_FRAMES / 2 && ws.isPaused) ws.resume();
      });
  }

  #onClose(ws: FrameSocket, code: number, reason: string, refused: number | undefined): void {
    if (ws !== this.#socket) return;
    this.#closeCode = code;
    // Let frames already received finish before deciding.
    this.#queue = this.#queue.then(() => {
      if (TERMINAL.has(this.#status)) return;
      this.#socket = null;
      if (refused !== undefined) {
        if (isRetryableHttpStatus(refused)) this.#scheduleRetry();
        else this.#fail(refusedError('watch', refused));
      } else if (code === REVOKED || this.#revoked) {
        this.#finish('revoked');
      } else if (isRetryableCloseCode(code)) {
        this.#scheduleRetry();
      } else {
        this.#fail(closedError('watch', code, reason, this.#serverError));
      }
    });
  }

  #scheduleRetry(): void {
    const delay = this.#reconnect.schedule(() => {
      this.#open();
    });
    if (delay === null)
      this.#fail(
        new StreamingError('UNREACHABLE', `gave up after ${this.#reconnect.attempt} reconnect attempts: check the network and --server`),
      );
    else this.#setStatus('reconnecting');
  }

  /**
   * The server says the stream ended at `endSeq` but the frames stop at `lastSeq` without the
   * driver's signed END: storage lost its tail (or the server hides it). A verification failure
   * (`truncated`, docs/PROTOCOL.md §4) at the first frame that never came.
   */
  #truncated(ws: FrameSocket, endSeq: number, lastSeq: number | null): void {
    const seq = lastSeq === null ? 0 : lastSeq + 1;
    const message = `the server ended the stream at seq ${endSeq}, but the frames stop before seq ${seq} without the driver's signed END frame`;
    this.#fail(
      new StreamingError('VERIFICATION', `frame ${seq} failed verification (truncated): ${message}`, {
        frameFailure: { reason: 'truncated', seq, message },
      }),
    );
    ws.close(StandardCloseCode.Normal, 'verification failed');
  }

  #protocolFailure(ws: FrameSocket, message: string): void {
    failProtocol(ws, message, (error) => {
      this.#fail(error);
    });
  }

  #fail(error: StreamingError): void {
    if (TERMINAL.has(this.#status)) return;
    this.#error = error;
    this.#reconnect.cancel();
    this.#subscribedOnce.reject(error);
    this.#done.reject(error);
    this.#setStatus('failed');
  }

  #finish(status: 'ended' | 'revoked' | 'done' | 'closed'): void {
    if (TERMINAL.has(this.#status)) return;
    this.#reconnect.cancel();
    const stopped = new StreamingError(
      status === 'revoked' ? 'CLOSED' : 'STOPPED',
      `the watch finished (${status}) before the subscription was confirmed`,
    );
    this.#subscribedOnce.reject(stopped);
    this.#setStatus(status);
    this.#done.resolve({
      status,
      chain: this.#processor?.chainStatus ?? { ended: 'empty', lastSeq: null, chainHead: null, verified: 0 },
      closeCode: this.#closeCode,
    });
    if (status === 'done' && this.#socket) void this.#socket.closeGracefully();
  }

  #setStatus(status: WatchStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    this.#listeners.emit('status', status, this.#error);
  }
}
