import { FRAME_HEADER_BYTES, FrameError, MAX_FRAME_BYTES, decodeFrameHeader } from '@seccam/schema';
import type { FrameStore, StoredFrameInfo } from '../streaming/frame-store.ts';
import { StreamingError } from '../streaming/streaming-error.ts';
import { request, transactionDone } from './indexeddb-request.ts';

// [Note: the IndexedDB frame store]
// The browser's offline buffer of one stream, so a reload, a crashed tab or a dead zone loses no
// sealed footage. Like the disk store ([Note: the disk frame store]) it holds only sealed frames —
// header, ciphertext and signature exactly as sent — never a key: what is in IndexedDB is as blind
// as the server's copy. Besides the frames, one small record per stream (its id, title and when
// it was opened) lets the page find an interrupted recording after a reload.
//
// Layout: database `seccam-offline-buffer`, object stores `frames` (key [streamId, seq], value the
// frame bytes), `recordings` (key streamId) and `set-aside` (frames that cannot be resent in order,
// kept for a person to look at, never deleted by the store).
//
// Durability: IndexedDB is asynchronous and the ingest client's store is synchronous ([Note: a
// synchronous frame store]), so frames are kept in memory and written through in the background:
// every `put` and `delete` queued within one task goes into one `readwrite` transaction with
// durability `strict` (flushed to disk before it completes). A frame may therefore be sent a few
// milliseconds before its transaction commits; a crash in that window loses it only if the server
// did not receive it either, and then the chain continues after the newest stored frame (a seq
// the server never saw is sealed again, in a new epoch, docs/PROTOCOL.md §3). A put of a frame
// acked before its write started is never written at all. One tab at a time owns a stream's buffer
// (a Web Lock, like the disk store's lock file).

const DEFAULT_DATABASE = 'seccam-offline-buffer';
const DATABASE_VERSION = 1;
const FRAMES = 'frames';
const RECORDINGS = 'recordings';
const SET_ASIDE = 'set-aside';

export interface IndexedDbFrameStoreOptions {
  /** The stream whose frames live here; frames of another stream are refused when restoring. */
  readonly streamId: string;
  /** Kept with the stream's record, for a page listing interrupted recordings. */
  readonly title?: string;
  /** Default `seccam-offline-buffer` (tests use their own). */
  readonly databaseName?: string;
  /** `strict` (default): each write transaction is flushed to disk. `relaxed`: the browser decides. */
  readonly durability?: 'strict' | 'relaxed';
  /** Told about anything set aside while restoring. */
  readonly onWarning?: (message: string) => void;
  /** Told when a background write fails (quota, eviction): those frames are then in memory only. */
  readonly onWriteError?: (error: StreamingError) => void;
}

/** A stream with a buffer in IndexedDB: what an interrupted recording left. */
export interface OfflineBufferInfo {
  readonly streamId: string;
  readonly title: string | null;
  /** When a store for it was first opened, ms since the Unix epoch. */
  readonly openedAtMs: number;
  /** Sealed frames not yet acknowledged by the server, and their bytes. */
  readonly frames: number;
  readonly bytes: number;
}

interface RecordingRow {
  readonly streamId: string;
  readonly title: string | null;
  readonly openedAtMs: number;
}

type Operation =
  { readonly kind: 'put'; readonly seq: number; readonly bytes: Uint8Array } | { readonly kind: 'delete'; readonly seq: number };

/** A {@link FrameStore} on IndexedDB ([Note: the IndexedDB frame store]); open it with {@link IndexedDbFrameStore.open}. */
export class IndexedDbFrameStore implements FrameStore {
  readonly streamId: string;
  readonly #db: IDBDatabase;
  readonly #options: IndexedDbFrameStoreOptions;
  readonly #frames = new Map<number, Uint8Array>();
  readonly #restored: StoredFrameInfo[];
  readonly #releaseLock: () => void;
  /** Operations not yet handed to a transaction, in call order. */
  #queue: Operation[] = [];
  #flushScheduled = false;
  #inFlight = 0;
  #idleWaiters: (() => void)[] = [];
  #closed = false;

  private constructor(
    db: IDBDatabase,
    options: IndexedDbFrameStoreOptions,
    restored: readonly { seq: number; bytes: Uint8Array }[],
    releaseLock: () => void,
  ) {
    this.streamId = options.streamId;
    this.#db = db;
    this.#options = options;
    this.#releaseLock = releaseLock;
    for (const frame of restored) this.#frames.set(frame.seq, frame.bytes);
    this.#restored = restored.map((frame) => ({ seq: frame.seq, byteLength: frame.bytes.byteLength }));
  }

  /**
   * Opens the stream's buffer: takes its lock, records the stream and reads back what an earlier
   * page left (consecutive frames of this stream; anything else is set aside with a warning).
   * @throws StreamingError `INVALID_ARGUMENT` when another tab holds the stream's buffer or IndexedDB is unavailable
   */
  static async open(options: IndexedDbFrameStoreOptions): Promise<IndexedDbFrameStore> {
    const databaseName = options.databaseName ?? DEFAULT_DATABASE;
    const releaseLock = await takeLock(`${databaseName}:${options.streamId}`);
    try {
      const db = await openDatabase(databaseName);
      const restored = await restoreFrames(db, options);
      return new IndexedDbFrameStore(db, options, restored, releaseLock);
    } catch (error) {
      releaseLock();
      throw error;
    }
  }

  restored(): readonly StoredFrameInfo[] {
    return this.#restored;
  }

  put(seq: number, frameBytes: Uint8Array): void {
    if (this.#closed) throw new StreamingError('INVALID_ARGUMENT', 'the IndexedDB frame store is closed');
    const bytes = frameBytes.slice(); // our own copy: the caller may reuse its buffer
    this.#frames.set(seq, bytes);
    this.#enqueue({ kind: 'put', seq, bytes });
  }

  get(seq: number): Uint8Array | undefined {
    return this.#frames.get(seq);
  }

  delete(seq: number): void {
    if (!this.#frames.delete(seq) || this.#closed) return;
    // Acked before its write started: neither write nor delete it.
    const pending = this.#queue.findIndex((operation) => operation.kind === 'put' && operation.seq === seq);
    if (pending >= 0) this.#queue.splice(pending, 1);
    else this.#enqueue({ kind: 'delete', seq });
  }

  /** Frames kept here now (unacked), and their bytes. */
  get count(): number {
    return this.#frames.size;
  }

  /** Writes queued or in flight. */
  get pendingWrites(): number {
    return this.#queue.length + this.#inFlight;
  }

  /** Resolves once every write queued so far has committed (or failed, see `onWriteError`). */
  flushed(): Promise<void> {
    if (this.pendingWrites === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Waits for the queued writes, then closes the database and releases the lock; the frames stay for the next page. */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.flushed();
    this.#closed = true;
    this.#db.close();
    this.#releaseLock();
  }

  /** Removes the stream's record and every frame kept for it (the stream ended and is stored), then closes. */
  async discard(): Promise<void> {
    if (this.#closed) return;
    await this.flushed();
    this.#frames.clear();
    const tx = this.#db.transaction([FRAMES, RECORDINGS], 'readwrite');
    tx.objectStore(FRAMES).delete(streamRange(this.streamId));
    tx.objectStore(RECORDINGS).delete(this.streamId);
    await transactionDone(tx);
    await this.close();
  }

  #enqueue(operation: Operation): void {
    this.#queue.push(operation);
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setTimeout(() => {
      this.#flush();
    }, 0);
  }

  /** One transaction for everything queued since the last one; IndexedDB runs them in creation order. */
  #flush(): void {
    this.#flushScheduled = false;
    const batch = this.#queue;
    this.#queue = [];
    if (batch.length === 0) {
      this.#settleIdle();
      return;
    }
    this.#inFlight += batch.length;
    const done = (error?: unknown): void => {
      this.#inFlight -= batch.length;
      if (error !== undefined) {
        const puts = batch.filter((operation) => operation.kind === 'put').map((operation) => operation.seq);
        this.#options.onWriteError?.(
          new StreamingError(
            'INVALID_ARGUMENT',
            `could not keep ${puts.length} frame(s) in IndexedDB (${describe(error)}): they are in memory only and a reload would lose them; free some storage`,
            { cause: error },
          ),
        );
      }
      this.#settleIdle();
    };
    try {
      const tx = this.#db.transaction(FRAMES, 'readwrite', { durability: this.#options.durability ?? 'strict' });
      const frames = tx.objectStore(FRAMES);
      for (const operation of batch) {
        if (operation.kind === 'put') frames.put(operation.bytes, [this.streamId, operation.seq]);
        else frames.delete([this.streamId, operation.seq]);
      }
      tx.oncomplete = () => {
        done();
      };
      tx.onabort = () => {
        done(tx.error ?? new Error('transaction aborted'));
      };
    } catch (error) {
      done(error);
    }
  }

  #settleIdle(): void {
    if (this.pendingWrites !== 0) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

/**
 * Streams with a buffer in IndexedDB (an interrupted recording, newest first), with how many
 * unacknowledged frames each holds. Reads no frame contents beyond their sizes.
 */
export async function listOfflineBuffers(databaseName: string = DEFAULT_DATABASE): Promise<OfflineBufferInfo[]> {
  const db = await openDatabase(databaseName);
  try {
    const tx = db.transaction([RECORDINGS, FRAMES], 'readonly');
    const rows = await request<RecordingRow[]>(tx.objectStore(RECORDINGS).getAll());
    const sizes = new Map<string, { frames: number; bytes: number }>();
    await eachCursor(tx.objectStore(FRAMES).openCursor(), (cursor) => {
      const [streamId] = cursor.key as [string, number];
      const size = sizes.get(streamId) ?? { frames: 0, bytes: 0 };
      size.frames += 1;
      size.bytes += (cursor.value as Uint8Array).byteLength;
      sizes.set(streamId, size);
    });
    return rows
      .map((row) => ({ ...row, ...(sizes.get(row.streamId) ?? { frames: 0, bytes: 0 }) }))
      .sort((a, b) => b.openedAtMs - a.openedAtMs);
  } finally {
    db.close();
  }
}

/**
 * A buffer limit for this browser: `capBytes` (default 256 MiB), or less when the origin's free
 * storage quota is smaller (half of it, leaving room for everything else the origin keeps).
 */
export async function suggestedBufferBytes(capBytes = 256 * 1024 * 1024): Promise<number> {
  const estimate = await navigator.storage.estimate().catch(() => undefined);
  if (estimate?.quota === undefined) return capBytes;
  const free = estimate.quota - (estimate.usage ?? 0);
  return Math.max(8 * 1024 * 1024, Math.min(capBytes, Math.floor(free / 2)));
}

function openDatabase(name: string): Promise<IDBDatabase> {
  if (typeof indexedDB === 'undefined') {
    return Promise.reject(
      new StreamingError('INVALID_ARGUMENT', 'this browser offers no IndexedDB (a private window?): the offline buffer needs it'),
    );
  }
  const open = indexedDB.open(name, DATABASE_VERSION);
  open.onupgradeneeded = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains(FRAMES)) db.createObjectStore(FRAMES);
    if (!db.objectStoreNames.contains(RECORDINGS)) db.createObjectStore(RECORDINGS, { keyPath: 'streamId' });
    if (!db.objectStoreNames.contains(SET_ASIDE)) db.createObjectStore(SET_ASIDE);
  };
  return request<IDBDatabase>(open).catch((error: unknown) => {
    throw new StreamingError('INVALID_ARGUMENT', `could not open the offline buffer in IndexedDB: ${describe(error)}`, { cause: error });
  });
}

/** Reads the stream's frames back, keeps the consecutive run of well-formed ones and sets the rest aside. */
async function restoreFrames(db: IDBDatabase, options: IndexedDbFrameStoreOptions): Promise<{ seq: number; bytes: Uint8Array }[]> {
  const { streamId } = options;
  const tx = db.transaction([FRAMES, RECORDINGS, SET_ASIDE], 'readwrite');
  const frames = tx.objectStore(FRAMES);
  const recordings = tx.objectStore(RECORDINGS);
  const existing = await request<RecordingRow | undefined>(recordings.get(streamId));
  if (existing === undefined) recordings.put({ streamId, title: options.title ?? null, openedAtMs: Date.now() } satisfies RecordingRow);
  const keys = await request<[string, number][]>(frames.getAllKeys(streamRange(streamId)));
  const values = await request<unknown[]>(frames.getAll(streamRange(streamId)));
  const kept: { seq: number; bytes: Uint8Array }[] = [];
  for (const [i, key] of keys.entries()) {
    const seq = key[1];
    const value = values[i];
    const previous = kept.at(-1);
    const damage =
      previous !== undefined && seq !== previous.seq + 1
        ? `seq ${seq} does not follow seq ${previous.seq}`
        : frameDamage(value, streamId, seq);
    if (damage !== null) {
      const rest = keys.slice(i);
      for (const [j, restKey] of rest.entries()) tx.objectStore(SET_ASIDE).put(values[i + j], restKey);
      frames.delete(IDBKeyRange.bound(key, [streamId, Infinity]));
      options.onWarning?.(
        `set aside ${rest.length} buffered frame(s) of stream ${streamId} from seq ${seq} (${damage}): they cannot be resent in order`,
      );
      break;
    }
    kept.push({ seq, bytes: value as Uint8Array });
  }
  await transactionDone(tx);
  return kept;
}

/** Why a stored value is not a whole frame of `streamId` at `seq`, or null if it is. */
function frameDamage(value: unknown, streamId: string, seq: number): string | null {
  if (!(value instanceof Uint8Array)) return 'not frame bytes';
  if (value.byteLength < FRAME_HEADER_BYTES || value.byteLength > MAX_FRAME_BYTES) return `impossible frame length ${value.byteLength}`;
  try {
    const header = decodeFrameHeader(value.subarray(0, FRAME_HEADER_BYTES));
    if (header.streamId !== streamId) return `a frame of stream ${header.streamId}`;
    if (header.seq !== seq) return `a frame with seq ${header.seq} where seq ${seq} belongs`;
  } catch (error) {
    if (error instanceof FrameError) return `bad frame header: ${error.message}`;
    throw error;
  }
  return null;
}

function streamRange(streamId: string): IDBKeyRange {
  return IDBKeyRange.bound([streamId, -Infinity], [streamId, Infinity]);
}

/** Holds a Web Lock until the returned function is called; refuses at once when another tab holds it. */
async function takeLock(name: string): Promise<() => void> {
  if (typeof navigator === 'undefined' || !('locks' in navigator)) return () => undefined;
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const granted = await new Promise<boolean>((resolve, reject) => {
    navigator.locks
      .request(name, { ifAvailable: true }, (lock) => {
        resolve(lock !== null);
        return lock === null ? undefined : held;
      })
      .catch(reject);
  });
  if (!granted) throw new StreamingError('INVALID_ARGUMENT', 'this recording is open in another tab: close it there first');
  return release;
}

function eachCursor(req: IDBRequest<IDBCursorWithValue | null>, visit: (cursor: IDBCursorWithValue) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => {
      const cursor = req.result;
      if (cursor === null) {
        resolve();
        return;
      }
      visit(cursor);
      cursor.continue();
    };
    req.onerror = () => {
      reject(req.error ?? new Error('IndexedDB cursor failed'));
    };
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
