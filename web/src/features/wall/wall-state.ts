/**
 * The live wall's state, pure: which tiles the dispatcher sees and in what state, from the
 * streams the API lists as shared (`sharedStreams`), the `streamEvents` subscription and what
 * each tile's watch reports. No I/O, no clock of its own (`now` is passed in), so every rule
 * here is unit-tested (wall-state.test.ts).
 *
 * [Note: what a dispatcher hears]
 * The API (api/src/modules/events/stream-events.service.ts) sends a dispatcher `started` and
 * `ended` for streams it may see, `shared` and `revoked` for grants it is party to (a grant id
 * and the driver, no stream: a grant may cover every stream of the driver), `rekeyed` when a key
 * for a new epoch was wrapped to it, and `deleted`. Which streams a grant change adds or takes
 * away is only known by asking again, so `started`, `shared` and `revoked` re-read the list, and
 * a tile whose stream left the list lost its access ("access revoked"). Events sent while the
 * subscription was down are lost (the server keeps no backlog): a new subscription re-reads too.
 */
import type { StreamEventInfo, StreamInfo, WatchStatus } from '@seccam/device';
import { verificationAlarm, type VerificationAlarm } from '../../lib/verification-alarm';

export type TileState =
  /** Subscribing to the stream (certificate check, first frames). */
  | 'connecting'
  /** Frames arrive from storage (the join point up to the head when subscribing). */
  | 'catching-up'
  /** Frames arrive as they are recorded. */
  | 'live'
  /** The watch socket dropped; the watch resubscribes after the last verified frame. */
  | 'reconnecting'
  /** The driver's signed END frame was verified. */
  | 'ended'
  /** No END and no frames for a while: the recorder stopped (or is offline) — the honest label. */
  | 'ended-unsigned'
  /** The grant ended: no more frames or keys for this dispatcher. */
  | 'revoked'
  /** The driver deleted the stream. */
  | 'deleted'
  /** Verification failed (see `alarm`), or the watch could not go on (see `error`). */
  | 'failed';

export interface WallTile {
  readonly streamId: string;
  readonly driver: string;
  readonly title: string;
  readonly createdAt: string;
  readonly sigCertificatePem: string;
  /** The last seq the API reported (null: no frames yet). */
  readonly lastSeq: number | null;
  readonly state: TileState;
  /** Capture time (ms since the Unix epoch) of the newest delivered frame, or null before one. */
  readonly lastCaptureTs: number | null;
  /** When (the wall's clock, ms) the newest frame was delivered. */
  readonly lastFrameAt: number | null;
  /** The newest epoch a key was published for (a `rekeyed` event), if any. */
  readonly epoch: number | null;
  readonly alarm: VerificationAlarm | null;
  /**
   * Frames arrive that this dispatcher has no key for yet (`no-key`): right after a share the
   * driver is still wrapping the keys, and the key ring asks again shortly. Not tampering.
   */
  readonly keyMissing: boolean;
  /** Why the watch stopped when it is not a verification failure: what to do next. */
  readonly error: string | null;
}

/** Terminal states: the tile's watch is over and nothing but a new list brings it back. */
const FINAL: ReadonlySet<TileState> = new Set(['ended', 'revoked', 'deleted', 'failed']);

/** True when the tile's watch is over (no video will come). */
export function isFinalState(state: TileState): boolean {
  return FINAL.has(state);
}

/** True while a watch should run for the tile (an "ended unsigned" stream may still go on). */
export function isWatchable(tile: WallTile): boolean {
  return !FINAL.has(tile.state);
}

/** Without a live frame for this long after catching up, a stream without END is "ended unsigned". */
export const SILENCE_MS = 8000;

type ListedStream = Pick<StreamInfo, 'id' | 'owner' | 'title' | 'createdAt' | 'endedAt' | 'lastSeq' | 'sigCertificatePem'>;

function tileOf(stream: ListedStream): WallTile {
  return {
    streamId: stream.id,
    driver: stream.owner,
    title: stream.title,
    createdAt: stream.createdAt,
    sigCertificatePem: stream.sigCertificatePem,
    lastSeq: stream.lastSeq,
    state: stream.endedAt !== null ? 'ended' : 'connecting',
    lastCaptureTs: null,
    lastFrameAt: null,
    epoch: null,
    alarm: null,
    keyMissing: false,
    error: null,
  };
}

/**
 * The tiles after the API listed `streams` as shared: new streams get a tile, known ones keep
 * their state, and a tile whose stream is no longer listed lost its access (unless it was
 * deleted, or already over). Live tiles first, then the newest.
 */
export function reconcileTiles(tiles: readonly WallTile[], streams: readonly ListedStream[]): WallTile[] {
  const known = new Map(tiles.map((t) => [t.streamId, t]));
  const listed = new Set(streams.map((s) => s.id));
  const next: WallTile[] = streams.map((s) => {
    const tile = known.get(s.id);
    if (tile === undefined) return tileOf(s);
    // Access may have come back (shared again) after a revocation: watch again.
    if (tile.state === 'revoked') return { ...tileOf(s), epoch: tile.epoch };
    return { ...tile, title: s.title, lastSeq: s.lastSeq ?? tile.lastSeq };
  });
  for (const tile of tiles) {
    if (listed.has(tile.streamId)) continue;
    next.push(tile.state === 'deleted' || tile.state === 'revoked' ? tile : { ...tile, state: 'revoked', error: null });
  }
  return sortTiles(next);
}

const ORDER: Readonly<Record<TileState, number>> = {
  live: 0,
  'catching-up': 0,
  reconnecting: 0,
  connecting: 0,
  failed: 1,
  'ended-unsigned': 2,
  revoked: 3,
  ended: 4,
  deleted: 5,
};

/** Running watches first (and alarms right after them), then the newest. */
export function sortTiles(tiles: readonly WallTile[]): WallTile[] {
  return [...tiles].sort((a, b) => ORDER[a.state] - ORDER[b.state] || Date.parse(b.createdAt) - Date.parse(a.createdAt));
}

/** What an event means for the wall: new tiles, whether to re-read the list, and a notice. */
export interface EventEffect {
  readonly tiles: WallTile[];
  /** Re-read `sharedStreams` (a grant changed, or a stream not on the wall started). */
  readonly refetch: boolean;
  /** A notice for the dispatcher (and a browser notification), or null. */
  readonly notice: string | null;
}

type WallEvent = Pick<StreamEventInfo, 'kind' | 'streamId' | 'driver' | 'epoch'>;

/** Applies one `streamEvents` event ([Note: what a dispatcher hears]). */
export function applyStreamEvent(tiles: readonly WallTile[], event: WallEvent): EventEffect {
  const update = (change: (tile: WallTile) => WallTile): WallTile[] =>
    sortTiles(tiles.map((t) => (t.streamId === event.streamId ? change(t) : t)));
  const known = tiles.find((t) => t.streamId === event.streamId);
  switch (event.kind) {
    case 'shared':
      return { tiles: [...tiles], refetch: true, notice: `${event.driver} shared their recordings with you.` };
    case 'started': {
      const title = known?.title ?? '';
      const notice = `${event.driver} started streaming${title === '' ? '' : ` “${title}”`} to you.`;
      return { tiles: [...tiles], refetch: known === undefined, notice };
    }
    case 'revoked':
      return { tiles: [...tiles], refetch: true, notice: `${event.driver} stopped sharing with you.` };
    case 'ended':
      return { tiles: update((t) => (isFinalState(t.state) ? t : { ...t, state: 'ended' })), refetch: false, notice: null };
    case 'rekeyed':
      return { tiles: update((t) => ({ ...t, epoch: event.epoch })), refetch: false, notice: null };
    case 'deleted':
      return {
        tiles: update((t) => ({ ...t, state: 'deleted' })),
        refetch: false,
        notice: known === undefined ? null : `${event.driver} deleted “${known.title || 'a recording'}”.`,
      };
    case 'viewers':
      return { tiles: [...tiles], refetch: false, notice: null };
  }
}

/** A frame the tile's watch delivered. */
export interface DeliveredFrame {
  readonly seq: number;
  readonly captureTs: number;
  readonly catchUp: boolean;
  readonly detached: boolean;
}

/** The tile after its watch delivered `frame` at `now`. */
export function applyFrame(tile: WallTile, frame: DeliveredFrame, now: number): WallTile {
  if (isFinalState(tile.state)) return tile;
  const live = !frame.catchUp && !frame.detached;
  return {
    ...tile,
    state: live ? 'live' : 'catching-up',
    lastSeq: frame.seq,
    lastCaptureTs: Math.max(frame.captureTs, tile.lastCaptureTs ?? 0),
    lastFrameAt: now,
    keyMissing: false,
    error: null,
  };
}

/** Why a watch stopped, as far as the wall needs to know. */
export interface WatchStop {
  readonly code?: string;
  readonly message?: string;
  readonly frameFailure?: { readonly reason: string; readonly seq: number | null; readonly message: string } | undefined;
}

/** The tile after its watch reported `status` (with the error, for `failed`). */
export function applyWatchStatus(tile: WallTile, status: WatchStatus, error?: WatchStop): WallTile {
  if (isFinalState(tile.state)) return tile;
  switch (status) {
    case 'idle':
    case 'connecting':
      return { ...tile, state: 'connecting' };
    case 'live': // subscribed: frames from the join point come first
      return tile.state === 'live' ? tile : { ...tile, state: 'catching-up' };
    case 'reconnecting':
      return { ...tile, state: 'reconnecting' };
    case 'ended':
    case 'done':
      return { ...tile, state: 'ended' };
    case 'revoked':
      return { ...tile, state: 'revoked' };
    case 'closed':
      return tile;
    case 'failed':
      return failTile(tile, error);
  }
}

function failTile(tile: WallTile, error: WatchStop | undefined): WallTile {
  if (error?.frameFailure !== undefined)
    return { ...tile, state: 'failed', alarm: verificationAlarm(error.frameFailure, tile.lastSeq, tile.driver) };
  if (error?.code === 'UNTRUSTED') {
    return {
      ...tile,
      state: 'failed',
      alarm: verificationAlarm({ reason: 'certificate', seq: null, message: error.message ?? '' }, tile.lastSeq, tile.driver),
    };
  }
  return { ...tile, state: 'failed', error: watchErrorText(error) };
}

/** What to do next when a watch stopped for a reason other than verification. */
export function watchErrorText(error: WatchStop | undefined): string {
  switch (error?.code) {
    case 'UNREACHABLE':
      return 'The server cannot be reached: check your connection, then press Retry.';
    case 'REFUSED':
    case 'CLOSED':
      return `The server stopped this watch (${error.message ?? 'closed'}). Press Retry; if it keeps happening, sign in again.`;
    case 'KEY':
      return 'The key for this stream could not be fetched. Press Retry; if it keeps failing, ask the driver to share again.';
    default:
      return `Watching stopped: ${error?.message ?? 'unknown reason'}. Press Retry.`;
  }
}

/**
 * A verified frame that could not be read: a key-set signature that fails, a key that does not
 * unwrap, AES-GCM refusing it raise the key alarm (the chain goes on); a key not there yet
 * (`no-key`) only says so until a frame decrypts again.
 */
export function applyUnreadable(
  tile: WallTile,
  failure: { readonly reason: string; readonly seq: number | null; readonly message: string },
): WallTile {
  if (isFinalState(tile.state) || tile.alarm !== null) return tile;
  if (failure.reason === 'no-key') return tile.keyMissing ? tile : { ...tile, keyMissing: true };
  return { ...tile, alarm: verificationAlarm(failure, tile.lastSeq, tile.driver) };
}

/**
 * After catching up, a stream without END that sends nothing for {@link SILENCE_MS} is "ended
 * unsigned" (as the recordings page says: docs/PROTOCOL.md §4); a new live frame makes it live
 * again (applyFrame).
 */
export function applySilence(tile: WallTile, now: number): WallTile {
  if (tile.state !== 'live' && tile.state !== 'catching-up') return tile;
  if (tile.lastFrameAt === null || now - tile.lastFrameAt < SILENCE_MS) return tile;
  return { ...tile, state: 'ended-unsigned' };
}

/**
 * How far behind live the tile is, in seconds (one decimal): the wall's clock minus the capture
 * time of the newest frame it received; null before the first frame. Clocks that disagree a
 * little make it 0, never negative.
 */
export function behindLiveSeconds(lastCaptureTs: number | null, now: number): number | null {
  if (lastCaptureTs === null) return null;
  return Math.max(0, Math.round((now - lastCaptureTs) / 100) / 10);
}

/** The tile's state as a short label. */
export function stateLabel(tile: WallTile): string {
  switch (tile.state) {
    case 'connecting':
      return 'Connecting';
    case 'catching-up':
      return 'Catching up';
    case 'live':
      return 'Live';
    case 'reconnecting':
      return 'Reconnecting';
    case 'ended':
      return 'Ended';
    case 'ended-unsigned':
      return tile.lastSeq === null ? 'Ended unsigned' : `Ended unsigned at seq ${tile.lastSeq}`;
    case 'revoked':
      return 'Access revoked';
    case 'deleted':
      return 'Deleted by the driver';
    case 'failed':
      return tile.alarm === null ? 'Stopped' : 'Verification failed';
  }
}
