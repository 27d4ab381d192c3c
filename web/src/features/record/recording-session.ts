/**
 * The driver's live recording: camera → CameraEncoder → Recorder (seal, upload over /ws/ingest)
 * with the offline buffer in IndexedDB, a screen wake lock, and the state the record page shows.
 *
 * [Note: a recording outlives its page]
 * The recording lives in this module, not in the page component: when the session ends during a
 * dead zone the layout sends the driver to sign in and the page unmounts, but the camera keeps
 * recording and the frames keep being sealed and buffered (the recorder holds its own reference to
 * the keys it seals with). Back on /record after signing in, the page shows the same recording and
 * calls `reconnect()`, which retries the upload at once (`IngestClient.reconnectNow`).
 */
import { Recorder, startStream, StreamingError, type IngestStatus, type Identity, type SeccamClient } from '@seccam/device';
import { CameraEncoder, IndexedDbFrameStore, suggestedBufferBytes, type CameraItem, type VideoCodecChoice } from '@seccam/device/browser';
import { createSignal } from 'solid-js';

export type Phase = 'idle' | 'starting' | 'recording' | 'finishing' | 'ended' | 'failed';

/** What the driver reads at a glance. */
export type Connection = 'connecting' | 'live' | 'catching-up' | 'reconnecting' | 'offline' | 'signed-out' | 'done';

export interface RecordingView {
  readonly phase: Phase;
  readonly connection: Connection;
  readonly streamId: string | null;
  /** Sealed frames the server has not acknowledged yet, and their bytes. */
  readonly waitingFrames: number;
  readonly waitingBytes: number;
  /** Sealed media bits per second over the last few seconds. */
  readonly bitrateBps: number;
  readonly sealedFrames: number;
  readonly startedAtMs: number | null;
  /** Frames skipped because the offline buffer was full. */
  readonly skippedFrames: number;
  readonly wakeLock: 'held' | 'unavailable' | 'released';
  readonly error: string | null;
  readonly warning: string | null;
}

export interface StartOptions {
  readonly client: SeccamClient;
  readonly identity: Identity;
  readonly stream: MediaStream;
  readonly codec: VideoCodecChoice;
  readonly videoBitrate: number;
  readonly preview?: HTMLVideoElement;
  /** Continue this stream (after a reload) instead of starting a new one. */
  readonly streamId?: string;
  readonly title?: string;
  /** When the stream started (a continued stream keeps its first start). */
  readonly startedAtMs?: number;
}

const INITIAL: RecordingView = {
  phase: 'idle',
  connection: 'connecting',
  streamId: null,
  waitingFrames: 0,
  waitingBytes: 0,
  bitrateBps: 0,
  sealedFrames: 0,
  startedAtMs: null,
  skippedFrames: 0,
  wakeLock: 'released',
  error: null,
  warning: null,
};
const BITRATE_WINDOW_MS = 3000;
/** Waiting frames above which a live upload counts as catching up (≈ 2 s of 100 ms frames). */
const CATCHING_UP_FRAMES = 20;

const [view, setView] = createSignal<RecordingView>(INITIAL);
/** The current recording, for the record page (a Solid signal). */
export const recordingView = view;

let active: {
  recorder: Recorder;
  store: IndexedDbFrameStore;
  encoder: CameraEncoder | null;
  stream: MediaStream | null;
  wakeLock: WakeLockSentinel | null;
  sizes: { at: number; bytes: number }[];
  timer: ReturnType<typeof setInterval>;
  catchingUp: boolean;
  retries: number;
} | null = null;

function patch(change: Partial<RecordingView>): void {
  setView((current) => ({ ...current, ...change }));
}

/** True while a recording (or its final upload) is running. */
export function isRecording(): boolean {
  return active !== null;
}

/**
 * Starts recording `stream` (or continues `streamId` after a reload), sealing every frame in this
 * page and uploading it. Resolves once the first epoch is published and the camera is encoding.
 */
export async function startRecording(options: StartOptions): Promise<void> {
  if (active !== null) throw new Error('a recording is already running');
  setView({ ...INITIAL, phase: 'starting' });
  try {
    // Ask the browser not to evict the buffer under storage pressure (it may say no).
    await navigator.storage.persist().catch(() => false);
    const maxBufferedBytes = await suggestedBufferBytes();
    // The stream exists before its buffer opens, so a reload finds it even with nothing waiting.
    const title = options.title ?? 'Browser recording';
    const streamId = options.streamId ?? (await startStream(options.client, title)).id;
    const store = await IndexedDbFrameStore.open({
      streamId,
      ...(options.title === undefined ? {} : { title: options.title }),
      onWriteError: (error) => {
        patch({ warning: error.message });
      },
      onWarning: (message) => {
        patch({ warning: message });
      },
    });
    const recorder = await Recorder.start({
      client: options.client,
      identity: options.identity,
      streamId,
      ingest: { maxBufferedBytes, backoff: { initialMs: 250, maxMs: 4000 } },
      frameStore: () => store,
    }).catch(async (error: unknown) => {
      await store.close();
      throw error;
    });
    active = {
      recorder,
      store,
      encoder: null,
      stream: options.stream,
      wakeLock: null,
      sizes: [],
      timer: setInterval(refresh, 500),
      catchingUp: recorder.ingest.unackedCount > 0,
      retries: 0,
    };
    watch(recorder);
    patch({ phase: 'recording', streamId: recorder.streamId, startedAtMs: Date.now() });
    await holdWakeLock();
    active.encoder = await CameraEncoder.start({
      stream: options.stream,
      codec: options.codec,
      videoBitrate: options.videoBitrate,
      // Signed in every INIT frame, so viewers show the driver's title and start, not the server's.
      info: { title, ...(options.startedAtMs === undefined ? {} : { startedAtMs: options.startedAtMs }) },
      ...(options.preview === undefined ? {} : { videoElement: options.preview }),
      onItem: (item) => {
        push(item);
      },
      onError: (error) => {
        patch({ error: error.message });
        void finishRecording();
      },
    });
    refresh();
  } catch (error) {
    if (active !== null) await abandon();
    setView({ ...INITIAL, phase: 'failed', error: describeRecordingError(error) });
    throw error;
  }
}

/** Uploads what an interrupted recording left in IndexedDB and ends the stream with the signed END. */
export async function finishInterrupted(options: Omit<StartOptions, 'stream' | 'codec' | 'videoBitrate'> & { readonly streamId: string }) {
  setView({ ...INITIAL, phase: 'finishing', streamId: options.streamId });
  const store = await IndexedDbFrameStore.open({ streamId: options.streamId });
  try {
    const recorder = await Recorder.start({
      client: options.client,
      identity: options.identity,
      streamId: options.streamId,
      frameStore: () => store,
    });
    active = {
      recorder,
      store,
      encoder: null,
      stream: null,
      wakeLock: null,
      sizes: [],
      timer: setInterval(refresh, 500),
      catchingUp: true,
      retries: 0,
    };
    watch(recorder);
    await finishRecording();
  } catch (error) {
    await store.close();
    setView({ ...INITIAL, phase: 'failed', error: describeRecordingError(error) });
  }
}

/** Stops the camera, seals the signed END and waits until the server has everything. */
export async function finishRecording(): Promise<void> {
  const current = active;
  if (current === null) return;
  patch({ phase: 'finishing' });
  try {
    await current.encoder?.stop();
    for (const track of current.stream?.getTracks() ?? []) track.stop();
    await current.recorder.end();
    await current.store.discard();
    patch({ phase: 'ended', connection: 'done' });
  } catch (error) {
    await current.store.close().catch(() => undefined);
    patch({ phase: 'failed', error: describeRecordingError(error) });
  } finally {
    clearInterval(current.timer);
    await current.wakeLock?.release().catch(() => undefined);
    active = null;
    refreshFrom(current.recorder, false);
  }
}

/** After signing in again: retry the upload now instead of at the next backoff step. */
export function reconnect(): void {
  active?.recorder.ingest.reconnectNow();
}

/** Forgets a finished recording's view (back to the start screen). */
export function resetView(): void {
  if (active === null) setView(INITIAL);
}

function push(item: CameraItem): void {
  const current = active;
  if (current === null || view().phase !== 'recording') return;
  current.recorder.push(item).then(
    () => {
      current.sizes.push({ at: performance.now(), bytes: item.payload.byteLength });
    },
    (error: unknown) => {
      if (error instanceof StreamingError && error.code === 'BUFFER_FULL') {
        // [Note: a full buffer keeps the oldest footage] Nothing stored is dropped: new footage is
        // skipped, and the next frame is a keyframe so a viewer can decode again.
        current.encoder?.requestKeyframe();
        patch({
          skippedFrames: view().skippedFrames + 1,
          warning: 'The offline buffer is full: new footage is skipped until the connection is back.',
        });
      } else if (view().phase === 'recording') {
        patch({ error: describeRecordingError(error) });
        void finishRecording();
      }
    },
  );
}

function watch(recorder: Recorder): void {
  recorder.ingest.on('status', () => {
    refresh();
  });
  recorder.ingest.on('retry', () => {
    if (active !== null) active.retries += 1;
    refresh();
  });
  recorder.ingest.on('resume', () => {
    if (active === null) return;
    active.retries = 0;
    active.catchingUp = recorder.ingest.unackedCount > CATCHING_UP_FRAMES;
    // A new epoch follows a reconnect: start its media on a keyframe.
    active.encoder?.requestKeyframe();
    refresh();
  });
  recorder.ingest.on('ack', () => {
    if (active !== null && active.catchingUp && recorder.ingest.unackedCount <= CATCHING_UP_FRAMES / 4) active.catchingUp = false;
  });
  recorder.on('warning', (message) => {
    patch({ warning: message });
  });
  // After the generic warning: the one the driver must act on ([Note: verified contacts]).
  recorder.on('contact-changed', (change) => {
    patch({
      warning: `@${change.username}’s certificate changed since you verified them: this recording is not shared with them until you compare the new code on the Share page.`,
    });
  });
}

function refresh(): void {
  if (active !== null) refreshFrom(active.recorder, true);
}

function refreshFrom(recorder: Recorder, running: boolean): void {
  const stats = recorder.ingest.stats;
  const now = performance.now();
  let bitrateBps = 0;
  if (active !== null) {
    active.sizes = active.sizes.filter((size) => now - size.at <= BITRATE_WINDOW_MS);
    bitrateBps = (active.sizes.reduce((sum, size) => sum + size.bytes, 0) * 8) / (BITRATE_WINDOW_MS / 1000);
  }
  patch({
    connection: running ? connectionOf(stats.status, stats.unackedCount, active?.catchingUp ?? false, active?.retries ?? 0) : 'done',
    waitingFrames: stats.unackedCount,
    waitingBytes: stats.bufferedBytes,
    sealedFrames: recorder.progress.nextSeq,
    bitrateBps: running ? bitrateBps : 0,
  });
}

function connectionOf(status: IngestStatus, waiting: number, catchingUp: boolean, retries: number): Connection {
  switch (status) {
    case 'idle':
    case 'connecting':
      return 'connecting';
    case 'live':
      return catchingUp && waiting > 0 ? 'catching-up' : 'live';
    case 'reconnecting':
      return retries <= 1 && navigator.onLine ? 'reconnecting' : 'offline';
    case 'unauthenticated':
      return 'signed-out';
    default:
      return 'done';
  }
}

async function holdWakeLock(): Promise<void> {
  if (active === null) return;
  if (!('wakeLock' in navigator)) {
    patch({ wakeLock: 'unavailable' });
    return;
  }
  try {
    const lock = await navigator.wakeLock.request('screen');
    active.wakeLock = lock;
    patch({ wakeLock: 'held' });
    lock.addEventListener('release', () => {
      patch({ wakeLock: 'released' });
      // The browser releases the lock when the tab is hidden; take it again when it is shown.
      if (active !== null) document.addEventListener('visibilitychange', retakeWakeLock, { once: true });
    });
  } catch {
    patch({ wakeLock: 'unavailable' });
  }
}

function retakeWakeLock(): void {
  if (document.visibilityState === 'visible' && active !== null) void holdWakeLock();
}

async function abandon(): Promise<void> {
  const current = active;
  active = null;
  if (current === null) return;
  clearInterval(current.timer);
  await current.encoder?.stop().catch(() => undefined);
  await current.recorder.close().catch(() => undefined);
  await current.store.close().catch(() => undefined);
  await current.wakeLock?.release().catch(() => undefined);
}

/** A sentence that says what to do next. */
export function describeRecordingError(error: unknown): string {
  if (error instanceof DOMException) {
    if (error.name === 'NotAllowedError')
      return 'The camera or microphone was refused. Allow both in the address bar (the camera icon), then try again.';
    if (error.name === 'NotFoundError') return 'No camera was found. Connect one, then try again.';
    if (error.name === 'NotReadableError') return 'The camera is in use by another app or tab. Close it there, then try again.';
    if (error.name === 'OverconstrainedError') return 'The camera cannot give this resolution. Choose a lower one.';
  }
  if (error instanceof StreamingError && error.code === 'REFUSED' && error.httpStatus === 401) {
    return 'Your session has ended. Sign in again, then continue the recording.';
  }
  return error instanceof Error ? error.message : String(error);
}
