import { isStreamingError, WatchClient, type StreamInfo, type WatchFailure } from '@seccam/device';
import { createSignal, onCleanup, Show } from 'solid-js';
import { describeError } from '../../lib/api-error';
import { formatDuration } from '../../lib/format';
import { CanvasVideoPlayer, type PlaybackStats } from '../../lib/video-playback';
import { useSession } from '../identity/session';

type PlayerStatus = 'idle' | 'loading' | 'playing' | 'live' | 'finished' | 'failed';

/**
 * Plays a recording in the page: a watch from seq 0 that verifies every frame against the
 * driver's certificate (genesis, chain, signatures), decrypts with the driver's own keys and
 * decodes the video with WebCodecs into a canvas. A recording without END keeps following live.
 */
export function RecordingPlayer(props: { readonly stream: StreamInfo; readonly onLive: () => void }) {
  const session = useSession();
  const [status, setStatus] = createSignal<PlayerStatus>('idle');
  const [stats, setStats] = createSignal<PlaybackStats>({ decoded: 0, shown: 0, positionUs: 0 });
  const [verified, setVerified] = createSignal(0);
  const [unreadable, setUnreadable] = createSignal<WatchFailure>();
  const [error, setError] = createSignal<string>();
  let canvas: HTMLCanvasElement | undefined;
  let watch: WatchClient | undefined;
  let player: CanvasVideoPlayer | undefined;

  const stop = () => {
    void watch?.close();
    player?.close();
    watch = undefined;
    player = undefined;
  };
  onCleanup(stop);

  const play = async () => {
    const identity = session.identity();
    if (canvas === undefined) return;
    if (identity === undefined) {
      setError('Your keys are no longer open in this tab: sign in again to play.');
      return;
    }
    if (!CanvasVideoPlayer.isSupported) {
      setError(
        'This browser cannot decode video in the page (no WebCodecs). Download the WebM instead, or use a current Chrome, Edge or Safari.',
      );
      return;
    }
    stop();
    setError(undefined);
    setUnreadable(undefined);
    setVerified(0);
    setStatus('loading');
    const thisPlayer = new CanvasVideoPlayer(canvas, setStats, (message) => {
      setError(message);
      setStatus('failed');
    });
    player = thisPlayer;
    const thisWatch = new WatchClient({
      client: session.client,
      identity,
      streamId: props.stream.id,
      from: 0,
      onFrame: async (frame) => {
        setVerified((n) => n + 1);
        if (!frame.catchUp && !frame.detached && status() !== 'live') {
          setStatus('live');
          props.onLive();
        } else if (status() === 'loading') setStatus('playing');
        if (frame.payload !== null) await thisPlayer.push(frame.payload);
      },
    });
    watch = thisWatch;
    thisWatch.on('unreadable', (failure) => setUnreadable(failure));
    try {
      await thisWatch.start();
      const outcome = await thisWatch.whenDone();
      await thisPlayer.flush();
      if (outcome.status === 'revoked' || outcome.status === 'closed') return;
      setStatus('finished');
    } catch (e) {
      if (watch !== thisWatch) return;
      setStatus('failed');
      setError(
        isStreamingError(e) && e.code === 'VERIFICATION'
          ? `Verification failed — do not trust this recording from here on: ${e.message}`
          : `${describeError(e)} Reload the page to try again.`,
      );
    }
  };

  const statusText = () => {
    switch (status()) {
      case 'idle':
        return 'Press play: every frame is verified and decrypted in this browser.';
      case 'loading':
        return 'Verifying and decrypting…';
      case 'playing':
        return 'Playing';
      case 'live':
        return 'Live: new frames arrive as they are recorded';
      case 'finished':
        return 'Played to the end';
      case 'failed':
        return 'Stopped';
    }
  };

  return (
    <section class="player card" aria-labelledby="player-heading">
      <h2 id="player-heading">Play</h2>
      <div class="player-screen">
        <canvas ref={canvas} id="player-canvas" width="640" height="360" aria-label={`Video of ${props.stream.title || 'the recording'}`} />
      </div>
      <div class="player-bar">
        <button type="button" class="button primary" disabled={status() === 'loading'} onClick={() => void play()}>
          {status() === 'idle' ? 'Play' : 'Play again'}
        </button>
        <span role="status" class="player-status" id="player-status">
          {statusText()}
        </span>
      </div>
      <p class="player-facts">
        <span id="player-position">{formatDuration(stats().positionUs / 1000)}</span> ·{' '}
        <span id="decoded-frames" data-count={stats().decoded}>
          {stats().decoded}
        </span>{' '}
        video frames decoded ·{' '}
        <span id="verified-frames" data-count={verified()}>
          {verified()}
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
