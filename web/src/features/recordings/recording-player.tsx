import { isStreamingError, WatchClient, type StreamInfo, type WatchFailure, type WatchedFrame } from '@seccam/device';
import type { StreamInfoRecord } from '@seccam/schema';
import { createSignal, onCleanup, Show } from 'solid-js';
import { describeError } from '../../lib/api-error';
import { formatDuration } from '../../lib/format';
import { VerifiedTimeline } from '../../lib/verified-timeline';
import { CanvasVideoPlayer, type PlaybackStats } from '../../lib/video-playback';
import { useSession } from '../identity/session';
import { verificationAlarm, type VerificationAlarm } from '../../lib/verification-alarm';
import { VerificationStatus, type VerificationState } from './verification-status';

type PlayerStatus = 'idle' | 'loading' | 'playing' | 'paused' | 'waiting' | 'live' | 'finished' | 'failed';

/** Key failures that mean the wrapped key was changed, not merely missing. */
const KEY_TAMPER: ReadonlySet<WatchFailure['reason']> = new Set(['key-set', 'unwrap', 'decrypt']);

const STATUS_TEXT: Record<PlayerStatus, string> = {
  idle: 'Press play: every frame is verified and decrypted in this browser.',
  loading: 'Verifying and decrypting…',
  playing: 'Playing',
  paused: 'Paused',
  waiting: 'Waiting for new frames: this recording has no signed END yet',
  live: 'Live: new frames arrive as they are recorded',
  finished: 'Played to the end',
  failed: 'Stopped: see above why',
};

/**
 * Plays a recording in the page, the driver's own or one shared with a dispatcher: a watch from
 * seq 0 verifies every frame against the driver's certificate (genesis, chain, signatures) and
 * decrypts it with the viewer's keys into a {@link VerifiedTimeline}; the player decodes from
 * there with WebCodecs into a canvas and seeks from the nearest keyframe ([Note: the page keeps
 * what it verified]). A recording without END keeps following live. `onLive` is told when a
 * frame arrives live.
 */
export function RecordingPlayer(props: {
  readonly stream: StreamInfo;
  readonly onLive?: () => void;
  /** The title and start the driver signed, once the first INIT frame verified ([Note: signed stream info]). */
  readonly onSignedInfo?: (info: StreamInfoRecord) => void;
}) {
  const session = useSession();
  const [status, setStatus] = createSignal<PlayerStatus>('idle');
  const [stats, setStats] = createSignal<PlaybackStats>({ decoded: 0, shown: 0, positionUs: 0 });
  const [verification, setVerification] = createSignal<VerificationState>({ kind: 'idle' });
  const [durationUs, setDurationUs] = createSignal(0);
  const [dragMs, setDragMs] = createSignal<number>();
  const [unreadable, setUnreadable] = createSignal<WatchFailure>();
  const [error, setError] = createSignal<string>();
  let canvas: HTMLCanvasElement | undefined;
  let watch: WatchClient | undefined;
  let timeline: VerifiedTimeline | undefined;
  let player: CanvasVideoPlayer | undefined;
  let feeding: AbortController | undefined;
  let live = false;

  const stopPlayback = () => {
    feeding?.abort();
    player?.close();
    feeding = undefined;
    player = undefined;
  };
  onCleanup(() => {
    stopPlayback();
    void watch?.close();
    watch = undefined;
  });

  /** Plays the timeline from `positionUs`, decoding from the keyframe at or before it. */
  const playFrom = async (line: VerifiedTimeline, positionUs: number) => {
    if (canvas === undefined) return;
    stopPlayback();
    const abort = new AbortController();
    feeding = abort;
    const origin = line.originUs;
    const thisPlayer = new CanvasVideoPlayer(
      canvas,
      setStats,
      (message) => {
        setError(`${message}. Download the WebM to play it elsewhere.`);
        setStatus('failed');
      },
      { ...(origin === null ? {} : { originUs: origin, startUs: origin + positionUs }), ...(line.track ? { track: line.track } : {}) },
    );
    player = thisPlayer;
    const playing = () => setStatus(live ? 'live' : line.length === 0 ? 'loading' : 'playing');
    playing();
    for (let i = line.keyframeIndexFor(positionUs); ; i++) {
      if (i >= line.length && !line.complete && line.length > 0) setStatus('waiting');
      if (!(await line.waitFor(i, abort.signal)) || abort.signal.aborted) break;
      if (status() === 'waiting' || status() === 'loading') playing();
      const entry = line.at(i);
      if (entry !== undefined) await thisPlayer.push(entry.payload);
    }
    const stopped = () => abort.signal.aborted; // read again after each await
    if (stopped()) return;
    await thisPlayer.flush();
    if (!stopped() && status() !== 'failed') setStatus(verification().kind === 'failed' ? 'failed' : 'finished');
  };

  const verify = (line: VerifiedTimeline) => {
    const identity = session.identity();
    if (identity === undefined) throw new Error('Your keys are no longer open in this tab: sign in again to play.');
    let verified = 0;
    let lastSeq: number | null = null;
    let headSeq = -1;
    let ended = false;
    let alarm: VerificationAlarm | undefined;
    let signedInfoSeen = false;
    const report = () => {
      if (alarm !== undefined) setVerification({ kind: 'failed', verified, alarm });
      else if (ended || (lastSeq ?? -1) >= headSeq) setVerification({ kind: 'verified', verified, lastSeq, ended });
      else setVerification({ kind: 'checking', verified });
    };
    const onFrame = (frame: WatchedFrame) => {
      verified += 1;
      lastSeq = frame.seq;
      ended ||= frame.end;
      if (!frame.catchUp && !frame.detached && !live) {
        live = true;
        if (status() === 'playing' || status() === 'waiting') setStatus('live');
        props.onLive?.();
      }
      if (frame.payload !== null) line.append(frame.seq, frame.payload);
      if (frame.payload?.info !== undefined && !signedInfoSeen) {
        signedInfoSeen = true;
        props.onSignedInfo?.(frame.payload.info);
      }
      setDurationUs(line.durationUs);
      report();
    };
    const thisWatch = new WatchClient({ client: session.client, identity, streamId: props.stream.id, from: 0, onFrame });
    watch = thisWatch;
    thisWatch.on('subscribed', (message) => {
      headSeq = Math.max(headSeq, message.headSeq ?? -1);
      report();
    });
    thisWatch.on('unreadable', (failure) => {
      verified += 1;
      lastSeq = failure.seq ?? lastSeq;
      if (KEY_TAMPER.has(failure.reason)) alarm ??= verificationAlarm(failure, lastSeq, props.stream.owner);
      else setUnreadable(failure);
      report();
    });
    setVerification({ kind: 'checking', verified: 0 });
    void (async () => {
      try {
        await thisWatch.start();
        const outcome = await thisWatch.whenDone();
        if (outcome.status === 'revoked')
          setError('The driver ended your access to this recording: what was verified before stays playable here.');
      } catch (e) {
        if (watch !== thisWatch) return;
        if (isStreamingError(e, 'VERIFICATION') && e.frameFailure !== undefined) {
          alarm ??= verificationAlarm(e.frameFailure, lastSeq, props.stream.owner);
          report();
        } else {
          setVerification({ kind: 'idle' });
          setError(`${describeError(e)} Press Play again to retry.`);
          watch = undefined; // the next Play reads the stream again
        }
      } finally {
        line.finish();
      }
    })();
  };

  const play = () => {
    if (canvas === undefined) return;
    if (!CanvasVideoPlayer.isSupported) {
      setError(
        'This browser cannot decode video in the page (no WebCodecs). Download the WebM instead, or use a current Chrome, Edge or Safari.',
      );
      return;
    }
    setError(undefined);
    try {
      if (watch === undefined || timeline === undefined) {
        timeline = new VerifiedTimeline();
        setUnreadable(undefined);
        live = false;
        verify(timeline);
      }
      void playFrom(timeline, 0);
    } catch (e) {
      setError(describeError(e));
    }
  };

  const togglePause = () => {
    if (player === undefined) return;
    if (player.isPaused) {
      player.resume();
      setStatus(live ? 'live' : 'playing');
    } else {
      player.pause();
      setStatus('paused');
    }
  };

  const seek = (ms: number) => {
    setDragMs(undefined);
    if (timeline !== undefined) void playFrom(timeline, ms * 1000);
  };

  const positionMs = () => dragMs() ?? stats().positionUs / 1000;
  const verifiedCount = () => {
    const state = verification();
    return state.kind === 'idle' ? 0 : state.verified;
  };
  const canPause = () => ['playing', 'paused', 'waiting', 'live'].includes(status());

  return (
    <section class="player card" aria-labelledby="player-heading">
      <h2 id="player-heading">Play</h2>
      <VerificationStatus stream={props.stream} state={verification()} />
      <div class="player-screen">
        <canvas ref={canvas} id="player-canvas" width="640" height="360" aria-label={`Video of ${props.stream.title || 'the recording'}`} />
      </div>
      <div class="player-seek">
        <input
          type="range"
          id="player-seek"
          aria-label="Position"
          min="0"
          max={Math.max(0, Math.round(durationUs() / 1000))}
          step="100"
          value={Math.round(positionMs())}
          disabled={durationUs() === 0}
          onInput={(e) => setDragMs(Number(e.currentTarget.value))}
          onChange={(e) => {
            seek(Number(e.currentTarget.value));
          }}
        />
        <span class="player-time">
          <span id="player-position">{formatDuration(positionMs())}</span> /{' '}
          <span id="player-duration">{formatDuration(durationUs() / 1000)}</span>
        </span>
      </div>
      <div class="player-bar">
        <button type="button" class="button primary" disabled={status() === 'loading'} onClick={play}>
          {status() === 'idle' ? 'Play' : 'Play again'}
        </button>
        <Show when={canPause()}>
          <button type="button" onClick={togglePause}>
            {status() === 'paused' ? 'Resume' : 'Pause'}
          </button>
        </Show>
        <span role="status" class="player-status" id="player-status">
          {STATUS_TEXT[status()]}
        </span>
      </div>
      <p class="player-facts">
        <span id="decoded-frames" data-count={stats().decoded}>
          {stats().decoded}
        </span>{' '}
        video frames decoded ·{' '}
        <span id="verified-frames" data-count={verifiedCount()}>
          {verifiedCount()}
        </span>{' '}
        signed frames verified
      </p>
      <Show when={unreadable()}>
        {(failure) => (
          <p class="warning">
            Frame {failure().seq ?? '?'} could not be read ({failure().reason}): {failure().message}
          </p>
        )}
      </Show>
      <Show when={error()}>
        <p role="alert" class="error" id="player-error">
          {error()}
        </p>
      </Show>
      <p class="hint">Sound is not played in the page; the downloaded WebM has it.</p>
    </section>
  );
}
