import {
  FrameFlags,
  FRAME_HEADER_BYTES,
  GCM_TAG_BYTES,
  decodeFrame,
  SIGNATURE_BYTES,
  base64ToBytes,
  bytesEqual,
  bytesToBase64,
  encodeMediaPayload,
} from '@seccam/schema';
import { chainHash, decodePem, generateEpochKey, genesisPrevHash, sealFrame, signActionStatement, type EpochKey } from '@seccam/pki';
import type { SeccamClient } from '../client/seccam-client.ts';
import { publishEpoch, type PublishedEpoch } from './epoch-publisher.ts';
import type { ContactChange } from '../contacts/contact-error.ts';
import type { FrameStore } from './frame-store.ts';
import type { Identity } from './identity.ts';
import { IngestClient, type IngestClientOptions, type IngestStats, type TakeoverProof } from './ingest-client.ts';
import { Listeners } from './listeners.ts';
import { fetchEpochKeys, fetchStream, startStream, type StreamInfo } from './stream-operations.ts';
import { StreamingError } from './streaming-error.ts';
import { unrefTimer, type Timer } from './timers.ts';

/** One frame's worth of media (`PayloadGroup` from the media helpers fits). */
export interface RecorderItem {
  /** `encodeMediaPayload` output. */
  readonly payload: Uint8Array;
  readonly keyframe: boolean;
  readonly init: boolean;
  /** Capture time of the first media, ms since the Unix epoch. */
  readonly captureTsMs: number;
}

export type EpochReason = 'start' | 'rekey' | 'timer' | 'reconnect';

export interface RecorderOptions {
  readonly client: SeccamClient;
  readonly identity: Identity;
  /** Continue this existing stream (after a restart); default: start a new one. */
  readonly streamId?: string;
  /** Title of a new stream. */
  readonly title?: string;
  /** Rotate the epoch at least this often, default 10 minutes (docs/PROTOCOL.md §3). */
  readonly rotateEveryMs?: number;
  /** Start a new epoch after every reconnect, default true ([Note: rotate after reconnect]). */
  readonly rotateOnReconnect?: boolean;
  /** With a full offline buffer: `fail` (live sources, default) or `wait` for acks (files). */
  readonly whenBufferFull?: 'fail' | 'wait';
  readonly ingest?: Partial<Omit<IngestClientOptions, 'streamId'>>;
  /**
   * The offline buffer's store for the stream, once its id is known (the CLI's `DiskFrameStore`);
   * frames it already holds are resent and sealing continues after them. Default `ingest.frameStore`.
   */
  readonly frameStore?: (streamId: string) => FrameStore;
}

export interface RecorderEvents extends Record<string, readonly unknown[]> {
  /** A new epoch's keys were published; frames from now on are sealed under it. */
  epoch: [published: PublishedEpoch, reason: EpochReason];
  sealed: [seq: number];
  /** Something the operator should know that did not stop the recording. */
  warning: [message: string];
  /**
   * A verified contact's certificate changed, so this epoch's key was not wrapped to them (nor
   * will later ones be) until the driver re-verifies or accepts the change ([Note: verified contacts]).
   */
  'contact-changed': [change: ContactChange];
}

export interface RecorderProgress {
  readonly streamId: string;
  /** The next seq to seal. */
  readonly nextSeq: number;
  readonly epoch: number | null;
  readonly ingest: IngestStats;
}

const DEFAULT_ROTATE_MS = 10 * 60 * 1000;
const FRAME_OVERHEAD = FRAME_HEADER_BYTES + GCM_TAG_BYTES + SIGNATURE_BYTES;
const ROTATION_RETRY_MS = 5000;

// [Note: rotate after reconnect]
// A grant revoked while the dashcam was offline cannot trigger `rekey` on a socket that is not
// there. Starting a new epoch after every reconnect bounds what a revoked dispatcher could read
// to the frames sealed while offline, at the cost of one key publication per reconnect.

/**
 * The recording side of a stream: owns the hash chain (seq, prevHash from the genesis or the
 * server's `resume`), the epochs (a fresh key per epoch, wrapped to the driver and the
 * verified recipients and published before any frame uses it), rotation on `rekey`, on a timer
 * and after reconnects, sealing, and the IngestClient that uploads. Operations are serialised:
 * frames are sealed strictly in order and never while an epoch changes.
 */
export class Recorder {
  readonly ingest: IngestClient;
  readonly stream: StreamInfo;
  readonly #options: RecorderOptions;
  readonly #listeners = new Listeners<RecorderEvents>();
  #queue: Promise<unknown> = Promise.resolve();
  #nextSeq: number;
  #prevHash: Uint8Array;
  /** The number the next epoch gets; never reused, even after a failed publication. */
  #nextEpoch: number;
  #epochKey: EpochKey | null = null;
  #published: PublishedEpoch | null = null;
  #pendingRotation: EpochReason | null = null;
  #lastRotationAttempt = 0;
  #rotationTimer: Timer | undefined;
  #ending = false;

  private constructor(
    options: RecorderOptions,
    stream: StreamInfo,
    ingest: IngestClient,
    chain: { nextSeq: number; prevHash: Uint8Array; firstEpoch: number },
  ) {
    this.#options = options;
    this.stream = stream;
    this.ingest = ingest;
    this.#nextSeq = chain.nextSeq;
    this.#prevHash = chain.prevHash;
    this.#nextEpoch = chain.firstEpoch;
  }

  /**
   * Creates (or reopens) the stream, connects, takes the chain head from `resume` and publishes
   * the first epoch. Resolves when frames can be pushed.
   * @throws StreamingError (connection, trust), GraphQLRequestError (server refusals)
   */
  static async start(options: RecorderOptions): Promise<Recorder> {
    const { client, identity } = options;
    const stream = options.streamId === undefined ? await startStream(client, options.title) : await fetchStream(client, options.streamId);
    if (stream.owner !== identity.username)
      throw new StreamingError('INVALID_ARGUMENT', `stream ${stream.id} belongs to ${stream.owner}, not ${identity.username}`);
    const certDer = decodePem(stream.sigCertificatePem, 'CERTIFICATE');
    if (!bytesEqual(certDer, decodePem(identity.sigCertPem, 'CERTIFICATE'))) {
      throw new StreamingError(
        'INVALID_ARGUMENT',
        `stream ${stream.id} was started under another signing certificate than the one in this bundle: start a new stream`,
      );
    }
    const genesis = await genesisPrevHash(stream.id, certDer);
    const ingest = new IngestClient({
      connect: () => client.openSocket('/ws/ingest'),
      socketControl: client.socketControl,
      takeoverProof: takeoverSigner(options.identity),
      ...options.ingest,
      ...(options.frameStore ? { frameStore: options.frameStore(stream.id) } : {}),
      streamId: stream.id,
    });
    try {
      const resume = await ingest.start();
      const chain = await chainStart(client, stream, genesis, resume, ingest.restoredTail);
      const recorder = new Recorder(options, stream, ingest, chain);
      await recorder.#serial(() => recorder.#rotate('start'));
      recorder.#watchIngest();
      return recorder;
    } catch (error) {
      await ingest.close();
      throw error;
    }
  }

  get streamId(): string {
    return this.stream.id;
  }

  get progress(): RecorderProgress {
    return { streamId: this.streamId, nextSeq: this.#nextSeq, epoch: this.#epochKey?.epoch ?? null, ingest: this.ingest.stats };
  }

  /** The current epoch's publication: who its key was wrapped to and who was refused. */
  get currentEpoch(): PublishedEpoch | null {
    return this.#published;
  }

  on<K extends keyof RecorderEvents>(event: K, listener: (...args: RecorderEvents[K]) => void): () => void {
    return this.#listeners.on(event, listener);
  }

  /**
   * Seals one item as the next frame and hands it to the uploader. Resolves with its seq.
   * @throws StreamingError `BUFFER_FULL` (policy `fail`), or the failure that stopped the upload
   */
  push(item: RecorderItem): Promise<number> {
    return this.#serial(async () => {
      if (this.#ending) throw new StreamingError('INVALID_ARGUMENT', 'the stream is ending: nothing may follow the END frame');
      await this.#retryPendingRotation();
      const flags = (item.init ? FrameFlags.INIT : 0) | (item.keyframe ? FrameFlags.KEYFRAME : 0);
      return this.#seal(item.payload, flags, item.captureTsMs);
    });
  }

  /** Starts a new epoch now (publishes its keys first). */
  rotate(reason: EpochReason = 'timer'): Promise<PublishedEpoch> {
    return this.#serial(() => this.#rotate(reason));
  }

  /** Seals the signed END frame and waits for the server's `end`. Resolves with its seq. */
  async end(captureTsMs = Date.now()): Promise<number> {
    await this.#serial(async () => {
      if (this.#ending) return;
      const seq = await this.#seal(encodeMediaPayload({ tracks: [], packets: [] }), FrameFlags.END, captureTsMs);
      this.#ending = true;
      return seq;
    });
    try {
      return await this.ingest.whenEnded();
    } finally {
      clearTimeout(this.#rotationTimer);
    }
  }

  /** Stops recording without an END frame (the stream shows as "ended unsigned"). */
  async close(): Promise<void> {
    clearTimeout(this.#rotationTimer);
    await this.ingest.close();
  }

  async #seal(payload: Uint8Array, flags: number, captureTsMs: number): Promise<number> {
    const epochKey = this.#epochKey;
    if (epochKey === null) throw new StreamingError('INVALID_ARGUMENT', 'no epoch key yet');
    const frameBytes = FRAME_OVERHEAD + payload.byteLength;
    if (!this.ingest.hasRoomFor(frameBytes) && this.#options.whenBufferFull === 'wait') await this.ingest.waitForRoom(frameBytes);
    this.ingest.ensureRoomFor(frameBytes); // checked before sealing: a refused frame must not consume a seq
    const seq = this.#nextSeq;
    const sealed = await sealFrame({
      streamId: this.streamId,
      epoch: epochKey.epoch,
      seq,
      captureTs: Math.max(0, Math.floor(captureTsMs)),
      flags,
      prevHash: this.#prevHash,
      payload,
      epochKey,
      sigPrivateKey: this.#options.identity.sigPrivateKey,
    });
    this.ingest.enqueue(sealed.frameBytes);
    this.#nextSeq = seq + 1;
    this.#prevHash = sealed.chainHash;
    this.#listeners.emit('sealed', seq);
    return seq;
  }

  async #rotate(reason: EpochReason): Promise<PublishedEpoch> {
    // A failed attempt may have published some keys: its number is skipped, so no viewer can
    // hold a key of an epoch number that later seals frames under another key.
    const epoch = this.#nextEpoch;
    this.#nextEpoch += 1;
    this.#lastRotationAttempt = Date.now();
    const key = await generateEpochKey({ streamId: this.streamId, epoch });
    const published = await publishEpoch(this.#options.client, this.#options.identity, key);
    this.#epochKey = key;
    this.#published = published;
    this.#pendingRotation = null;
    this.#scheduleTimer();
    for (const refusal of published.refused) {
      this.#listeners.emit('warning', `no key for ${refusal.username}: ${refusal.reason}`);
      if (refusal.contactChange) this.#listeners.emit('contact-changed', refusal.contactChange);
    }
    this.#listeners.emit('epoch', published, reason);
    return published;
  }

  /** A rotation that failed (offline) is retried before sealing, at most every few seconds. */
  async #retryPendingRotation(): Promise<void> {
    if (this.#pendingRotation === null || Date.now() - this.#lastRotationAttempt < ROTATION_RETRY_MS) return;
    await this.#rotate(this.#pendingRotation).catch((error: unknown) => {
      this.#listeners.emit(
        'warning',
        `epoch rotation (${this.#pendingRotation}) failed, still sealing under epoch ${this.#epochKey?.epoch}: ${String(error)}`,
      );
    });
  }

  #requestRotation(reason: EpochReason): void {
    if (this.#ending) return;
    this.#pendingRotation ??= reason;
    if (reason === 'rekey') this.#pendingRotation = 'rekey';
    this.#lastRotationAttempt = 0;
    void this.#serial(() => this.#retryPendingRotation());
  }

  #scheduleTimer(): void {
    clearTimeout(this.#rotationTimer);
    this.#rotationTimer = unrefTimer(
      setTimeout(() => {
        this.#requestRotation('timer');
      }, this.#options.rotateEveryMs ?? DEFAULT_ROTATE_MS),
    );
  }

  #watchIngest(): void {
    this.ingest.on('rekey', () => {
      this.#requestRotation('rekey');
    });
    this.ingest.on('resume', () => {
      if (this.#options.rotateOnReconnect !== false && !this.#ending) this.#requestRotation('reconnect');
    });
    this.ingest.on('status', (status) => {
      if (status === 'failed' || status === 'closed' || status === 'ended') clearTimeout(this.#rotationTimer);
    });
  }

  #serial<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(operation);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

/**
 * Where sealing starts: seq 0 on the genesis hash for a new stream, or right after the server's
 * stored head. A client without the old epoch's state must continue in a new epoch (nonce rule,
 * docs/PROTOCOL.md §3), above every epoch it ever published a key for.
 */
async function chainStart(
  client: SeccamClient,
  stream: StreamInfo,
  genesis: Uint8Array,
  resume: { lastSeq: number | null; chainHeadB64: string; epoch: number | null },
  restoredTail: Uint8Array | undefined,
): Promise<{ nextSeq: number; prevHash: Uint8Array; firstEpoch: number }> {
  const published = await fetchEpochKeys(client, stream.id);
  const firstEpoch = Math.max(resume.epoch ?? -1, stream.lastEpoch ?? -1, ...published.map((entry) => entry.epoch)) + 1;
  if (restoredTail !== undefined) {
    // Frames kept on disk that the server does not hold yet: the chain continues after the newest.
    const tail = decodeFrame(restoredTail);
    if (resume.lastSeq === null || tail.header.seq > resume.lastSeq) {
      return { nextSeq: tail.header.seq + 1, prevHash: await chainHash(tail.headerBytes, tail.ciphertext), firstEpoch };
    }
  }
  if (resume.lastSeq !== null) return { nextSeq: resume.lastSeq + 1, prevHash: base64ToBytes(resume.chainHeadB64), firstEpoch };
  if (resume.chainHeadB64 !== bytesToBase64(genesis)) {
    throw new StreamingError(
      'PROTOCOL',
      `the server's genesis hash for stream ${stream.id} differs from the one computed from its signing certificate`,
    );
  }
  return { nextSeq: 0, prevHash: genesis, firstEpoch };
}

/**
 * Signs a fresh `seccam-ingest-takeover/v1` statement for each `hello` ([Note: ingest takeover] on
 * the server): the times are strictly increasing, since the server accepts only a later one.
 */
function takeoverSigner(identity: Identity): (streamId: string) => Promise<TakeoverProof> {
  let last = 0;
  return async (streamId) => {
    last = Math.max(Date.now(), last + 1);
    const at = new Date(last);
    const takeoverSignatureB64 = await signActionStatement(
      { kind: 'ingest-takeover', fields: { streamId, username: identity.username, at } },
      identity.sigPrivateKey,
    );
    return { takeoverAt: at.toISOString(), takeoverSignatureB64 };
  };
}
