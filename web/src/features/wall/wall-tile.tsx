import { isStreamingError, WatchClient } from '@seccam/device';
import { certificateVerificationCode } from '@seccam/pki';
import { createEffect, createMemo, createResource, createSignal, on, onCleanup, Show } from 'solid-js';
import type { StreamInfoRecord } from '@seccam/schema';
import { ServerCopyWarning, shownTitle } from '../../components/signed-stream-facts';
import { describeError } from '../../lib/api-error';
import { formatDateTime } from '../../lib/format';
import { CanvasVideoPlayer } from '../../lib/video-playback';
import { useSession } from '../identity/session';
import { LiveAudioPlayer } from './live-audio';
import { applyFrame, applyUnreadable, applyWatchStatus, behindLiveSeconds, isWatchable, stateLabel, type WallTile } from './wall-state';

export interface WallTileProps {
  readonly tile: WallTile;
  /** The wall's clock (ms), ticking, for "behind live". */
  readonly now: number;
  readonly focused: boolean;
  readonly onFocus: () => void;
  readonly onUpdate: (change: (tile: WallTile) => WallTile) => void;
  /** Watch again after a failure that was not a verification failure. */
  readonly onRetry: () => void;
}

/**
 * One stream on the wall: a late-joining watch (`from: 'live'`, the server starts at the last
 * keyframe) verified and decrypted in the page, decoded into a canvas; sound only while focused.
 * The watch runs while the tile's state allows one (wall-state.ts) and stops the moment it
 * does not (revoked, ended, deleted, failed).
 */
/** How long a decoded picture may wait before it is drawn (above the recorder's 100 ms frames). */
const LIVE_EDGE_MS = 150;

export function WallTileView(props: WallTileProps) {
  const session = useSession();
  const [decoded, setDecoded] = createSignal(0);
  const [verified, setVerified] = createSignal(0);
  const [firstSeq, setFirstSeq] = createSignal<number>();
  // The driver's signed title and start, from the first INIT frame ([Note: signed stream info]).
  const [signed, setSigned] = createSignal<StreamInfoRecord | null>(null);
  const [code] = createResource(
    () => props.tile.sigCertificatePem,
    (pem) => certificateVerificationCode(pem),
  );
  let canvas: HTMLCanvasElement | undefined;
  let screen: HTMLButtonElement | undefined;
  let watch: WatchClient | undefined;
  let player: CanvasVideoPlayer | undefined;
  let audio: LiveAudioPlayer | undefined;

  const stop = () => {
    void watch?.close();
    player?.close();
    audio?.close();
    watch = undefined;
    player = undefined;
    audio = undefined;
  };
  onCleanup(stop);

  const start = () => {
    const identity = session.identity();
    if (canvas === undefined || identity === undefined) return;
    if (!CanvasVideoPlayer.isSupported) {
      props.onUpdate((t) => ({
        ...t,
        state: 'failed',
        error: 'This browser cannot decode video in the page (no WebCodecs): use a current Chrome, Edge or Safari.',
      }));
      return;
    }
    stop();
    const thisPlayer = new CanvasVideoPlayer(
      canvas,
      (stats) => setDecoded(stats.decoded),
      (message) => {
        props.onUpdate((t) => ({ ...t, state: 'failed', error: `${message} Press Retry.` }));
      },
      // A live join starts at the last keyframe, up to a second old: catch up to the live edge.
      // A tile draws at the size it is shown at ([Note: drawing at the shown size]).
      { liveEdgeMs: LIVE_EDGE_MS, fitToDisplay: true },
    );
    player = thisPlayer;
    const thisWatch = new WatchClient({
      client: session.client,
      identity,
      streamId: props.tile.streamId,
      from: 'live',
      onFrame: async (frame) => {
        if (watch !== thisWatch) return;
        setVerified((n) => n + 1);
        if (firstSeq() === undefined) setFirstSeq(frame.seq);
        props.onUpdate((t) => applyFrame(t, frame, Date.now()));
        if (frame.payload === null) return;
        if (frame.payload.info !== undefined && signed() === null) setSigned(frame.payload.info);
        audio?.push(frame.payload);
        await thisPlayer.push(frame.payload);
      },
    });
    watch = thisWatch;
    thisWatch.on('status', (status, error) => {
      if (watch !== thisWatch) return;
      props.onUpdate((t) => applyWatchStatus(t, status, error));
    });
    thisWatch.on('unreadable', (failure) => {
      props.onUpdate((t) => applyUnreadable(t, failure));
    });
    thisWatch.start().catch((error: unknown) => {
      if (watch !== thisWatch) return;
      // A refusal before the socket (the stream is gone, or access ended) says so itself.
      if (!isStreamingError(error)) props.onUpdate((t) => ({ ...t, state: 'failed', error: `${describeError(error)} Press Retry.` }));
    });
  };

  const watchable = createMemo(() => isWatchable(props.tile));
  createEffect(
    on(watchable, (run) => {
      if (run) start();
      else stop();
    }),
  );
  createEffect(
    on(
      () => props.focused,
      (focused) => {
        if (focused && watch !== undefined && LiveAudioPlayer.isSupported) audio ??= new LiveAudioPlayer();
        if (!focused) {
          audio?.close();
          audio = undefined;
        }
        if (focused) screen?.focus();
      },
    ),
  );

  const behind = () =>
    props.tile.state === 'live' || props.tile.state === 'catching-up' ? behindLiveSeconds(props.tile.lastCaptureTs, props.now) : null;
  const behindText = () => {
    const seconds = behind();
    if (seconds === null) return undefined;
    return seconds < 0.5 ? 'at live' : `${seconds.toFixed(1)} s behind live`;
  };
  const title = () => shownTitle(props.tile, signed());

  return (
    <li
      class="wall-tile"
      classList={{ focused: props.focused, alarmed: props.tile.alarm !== null }}
      data-stream-id={props.tile.streamId}
      data-state={props.tile.state}
      data-frames={decoded()}
      data-verified={verified()}
      data-first-seq={firstSeq() ?? ''}
    >
      <div class="wall-frame">
        <button
          ref={screen}
          type="button"
          class="wall-screen"
          aria-label={
            props.focused ? `${title()} by ${props.tile.driver}, enlarged (Escape to return)` : `Enlarge ${title()} by ${props.tile.driver}`
          }
          aria-pressed={props.focused}
          onClick={() => {
            props.onFocus();
          }}
        >
          <canvas ref={canvas} width="640" height="360" />
        </button>
        {/* Over the screen but outside the button, so its name stays the one above. */}
        <Show when={decoded() === 0 || !watchable()}>
          <span class="wall-screen-note">{screenNote(props.tile)}</span>
        </Show>
        <span class={`wall-state wall-state-${props.tile.state}`}>{stateLabel(props.tile)}</span>
        <Show when={behindText()}>{(text) => <span class="wall-behind">{text()}</span>}</Show>
      </div>
      <div class="wall-tile-body">
        <p class="wall-tile-title">{title()}</p>
        <p class="wall-tile-driver">
          @{props.tile.driver} · started{' '}
          {startedAt(signed() === null ? props.tile.createdAt : new Date(signed()?.startedAtMs ?? 0).toISOString())}
          <Show when={props.tile.epoch}>{(epoch) => <> · key epoch {epoch()}</>}</Show>
        </p>
        <ServerCopyWarning server={{ title: props.tile.title, startedAt: null }} signed={signed()} />
        <Show
          when={props.tile.alarm}
          fallback={
            <p class="wall-badge" classList={{ pending: verified() === 0 || props.tile.keyMissing }}>
              <Show when={verified() > 0 && !props.tile.keyMissing} fallback={<>{pendingText(props.tile)}</>}>
                verified: signed by {props.tile.driver} ·{' '}
                <code class="verification-code">{code.error ? 'unreadable certificate' : (code() ?? '…')}</code>
              </Show>
            </p>
          }
        >
          {(alarm) => (
            <p class="wall-alarm" role="alert" data-alarm={alarm().kind} data-seq={alarm().seq ?? ''}>
              <strong>{alarm().title}.</strong> {alarm().detail}
            </p>
          )}
        </Show>
        <Show when={props.tile.error}>
          {(error) => (
            <div class="wall-tile-error">
              <p class="error">{error()}</p>
              <button
                type="button"
                class="quiet"
                onClick={() => {
                  props.onRetry();
                }}
              >
                Retry
              </button>
            </div>
          )}
        </Show>
      </div>
    </li>
  );
}

/** What the badge says before it can say "verified". */
function pendingText(tile: WallTile): string {
  return tile.keyMissing
    ? 'Waiting for the driver’s key to this stream (just shared?): asking again shortly'
    : 'Not verified yet: waiting for a signed frame';
}

/** The start time; the date too when it was not today. */
function startedAt(iso: string): string {
  const at = new Date(iso);
  return at.toDateString() === new Date().toDateString() ? at.toLocaleTimeString(undefined, { timeStyle: 'short' }) : formatDateTime(iso);
}

/** What the screen says while it has no picture. */
function screenNote(tile: WallTile): string {
  switch (tile.state) {
    case 'connecting':
      return 'Checking the driver’s certificate…';
    case 'catching-up':
    case 'live':
      return 'Waiting for a keyframe…';
    case 'reconnecting':
      return 'Connection lost — reconnecting…';
    case 'ended':
      return 'Recording ended (signed by the driver)';
    case 'ended-unsigned':
      return 'No frames for a while: the recorder stopped or is offline';
    case 'revoked':
      return 'Access revoked — the driver stopped sharing';
    case 'deleted':
      return 'The driver deleted this recording';
    case 'failed':
      return tile.alarm === null ? 'Watching stopped' : 'Verification failed — do not trust this stream';
  }
}
