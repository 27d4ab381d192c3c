import {
  hasTrackProcessor,
  listOfflineBuffers,
  missingWebCodecs,
  type OfflineBufferInfo,
  type VideoCodecChoice,
} from '@seccam/device/browser';
import { A } from '@solidjs/router';
import { createEffect, createResource, createSignal, For, Match, onCleanup, onMount, Show, Switch } from 'solid-js';
import { formatBytes, formatDateTime, formatDuration } from '../../lib/format';
import { useSession } from '../identity/session';
import {
  describeRecordingError,
  finishInterrupted,
  finishRecording,
  isRecording,
  reconnect,
  recordingView,
  resetView,
  startRecording,
  type Connection,
} from './recording-session';
import './record.css';

const RESOLUTIONS = [
  { id: '480p', label: '480p (640 × 480)', width: 640, height: 480 },
  { id: '720p', label: '720p (1280 × 720)', width: 1280, height: 720 },
  { id: '1080p', label: '1080p (1920 × 1080)', width: 1920, height: 1080 },
] as const;
const BITRATES = [
  { bps: 500_000, label: '0.5 Mbit/s (saves data)' },
  { bps: 1_000_000, label: '1 Mbit/s' },
  { bps: 2_500_000, label: '2.5 Mbit/s (sharper)' },
] as const;

const CONNECTION_LABEL: Record<Connection, string> = {
  connecting: 'Connecting',
  live: 'Live',
  'catching-up': 'Catching up',
  reconnecting: 'Reconnecting',
  offline: 'Offline',
  'signed-out': 'Signed out',
  done: 'Stopped',
};

/** `/record`: camera preview, start/stop, the upload's state at a glance, and resuming after a reload. */
export default function RecordPage() {
  const session = useSession();
  const [camera, setCamera] = createSignal<MediaStream>();
  const [resolution, setResolution] = createSignal<string>('480p');
  const [bitrate, setBitrate] = createSignal<number>(1_000_000);
  const [codec, setCodec] = createSignal<VideoCodecChoice>('vp8');
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const [now, setNow] = createSignal(Date.now());
  const [interrupted, { refetch }] = createResource(async () => (isRecording() ? [] : await listOfflineBuffers().catch(() => [])));
  const missing = missingWebCodecs();
  let preview: HTMLVideoElement | undefined;

  const ticker = setInterval(() => setNow(Date.now()), 1000);
  onCleanup(() => {
    clearInterval(ticker);
    // The camera stays on only while recording ([Note: a recording outlives its page]).
    if (!isRecording()) for (const track of camera()?.getTracks() ?? []) track.stop();
  });
  onMount(() => {
    // Back after signing in again: retry the upload at once.
    if (isRecording() && session.signedIn()) reconnect();
  });
  createEffect(() => {
    if (preview !== undefined) preview.srcObject = camera() ?? null;
  });

  const turnOnCamera = async (): Promise<MediaStream | undefined> => {
    setError(undefined);
    const chosen = RESOLUTIONS.find((r) => r.id === resolution()) ?? RESOLUTIONS[0];
    try {
      for (const track of camera()?.getTracks() ?? []) track.stop();
      const stream = await navigator.mediaDevices.getUserMedia({
        video: { width: { ideal: chosen.width }, height: { ideal: chosen.height }, facingMode: 'environment' },
        audio: { echoCancellation: false, noiseSuppression: true },
      });
      setCamera(stream);
      return stream;
    } catch (e) {
      setError(describeRecordingError(e));
      return undefined;
    }
  };

  const start = async (resumed?: OfflineBufferInfo) => {
    const identity = session.identity();
    if (identity === undefined) return;
    setBusy(true);
    setError(undefined);
    try {
      // A finished recording stopped its camera: turn it on again.
      const current = camera();
      const stream = current?.getVideoTracks().some((track) => track.readyState === 'live') ? current : await turnOnCamera();
      if (stream === undefined) return;
      await startRecording({
        client: session.client,
        identity,
        stream,
        codec: codec(),
        videoBitrate: bitrate(),
        ...(preview === undefined ? {} : { preview }),
        ...(resumed === undefined
          ? { title: `Drive ${formatDateTime(new Date())}` }
          : { streamId: resumed.streamId, title: resumed.title ?? '', startedAtMs: resumed.openedAtMs }),
      });
    } catch (e) {
      setError(describeRecordingError(e));
    } finally {
      setBusy(false);
    }
  };

  const finishUpload = async (buffer: OfflineBufferInfo) => {
    const identity = session.identity();
    if (identity === undefined) return;
    await finishInterrupted({ client: session.client, identity, streamId: buffer.streamId });
    void refetch();
  };

  const phase = () => recordingView().phase;
  const running = () => phase() === 'starting' || phase() === 'recording' || phase() === 'finishing';

  return (
    <>
      <h1>Record</h1>
      <p class="lead">Every frame is encrypted and signed in this browser before it is uploaded. Nothing leaves unsealed.</p>

      <Show when={missing.length > 0}>
        <p class="error" role="alert" id="record-unsupported">
          This browser cannot encode video in the page (it lacks {missing.join(', ')}). Record with a current Chrome, Edge, Safari or
          Firefox.
        </p>
      </Show>

      <Show when={!running() && (interrupted()?.length ?? 0) > 0}>
        <section class="card resume-card" aria-labelledby="resume-heading">
          <h2 id="resume-heading">An interrupted recording</h2>
          <For each={interrupted()}>
            {(buffer) => (
              <div class="resume-item">
                <p>
                  <strong>{buffer.title ?? `A recording started ${formatDateTime(new Date(buffer.openedAtMs))}`}</strong>:{' '}
                  <span id="resume-waiting">
                    {buffer.frames} frames ({formatBytes(buffer.bytes)}) not uploaded yet
                  </span>
                  . They are kept sealed in this browser.
                </p>
                <div class="actions">
                  <button type="button" class="primary" disabled={busy() || missing.length > 0} onClick={() => void start(buffer)}>
                    Continue recording
                  </button>
                  <button type="button" disabled={busy()} onClick={() => void finishUpload(buffer)}>
                    Upload and finish
                  </button>
                </div>
              </div>
            )}
          </For>
        </section>
      </Show>

      <div class="record-layout">
        <section class="record-preview" aria-label="Camera preview">
          <video ref={preview} class="preview-video" autoplay muted playsinline aria-label="Camera preview" />
          <Show when={camera() === undefined}>
            <div class="preview-empty">
              <p>The camera is off.</p>
              <button type="button" onClick={() => void turnOnCamera()} disabled={running()}>
                Turn on camera
              </button>
            </div>
          </Show>
          <Show when={running()}>
            <span class="rec-badge" aria-hidden="true">
              REC
            </span>
          </Show>
        </section>

        <section class="record-panel card" aria-label="Recording">
          <Switch>
            <Match when={phase() === 'idle' || phase() === 'failed' || phase() === 'ended'}>
              <Show when={phase() === 'ended'}>
                <p class="notice ok" role="status" id="record-ended">
                  Recording ended and signed: every frame is on the server. <A href="/recordings">See your recordings</A>.
                </p>
              </Show>
              <form
                class="record-settings"
                onSubmit={(event) => {
                  event.preventDefault();
                  resetView();
                  void start();
                }}
              >
                <label for="record-resolution">Resolution</label>
                <select id="record-resolution" value={resolution()} onChange={(e) => setResolution(e.currentTarget.value)}>
                  <For each={RESOLUTIONS}>{(r) => <option value={r.id}>{r.label}</option>}</For>
                </select>
                <label for="record-bitrate-choice">Video bitrate</label>
                <select id="record-bitrate-choice" value={bitrate()} onChange={(e) => setBitrate(Number(e.currentTarget.value))}>
                  <For each={BITRATES}>{(b) => <option value={b.bps}>{b.label}</option>}</For>
                </select>
                <label for="record-codec">Codec</label>
                <select id="record-codec" value={codec()} onChange={(e) => setCodec(e.currentTarget.value as VideoCodecChoice)}>
                  <option value="vp8">VP8 (lighter on the battery)</option>
                  <option value="vp9">VP9 (smaller files)</option>
                </select>
                <button
                  type="submit"
                  class="primary record-start"
                  disabled={busy() || missing.length > 0 || session.identity()?.role !== 'driver'}
                >
                  Start recording
                </button>
                <Show when={session.identity()?.role !== 'driver'}>
                  <p class="hint">Only drivers record. Dispatchers watch what drivers share with them.</p>
                </Show>
                <Show when={!hasTrackProcessor()}>
                  <p class="hint">This browser feeds the encoder from the preview, so keep this tab visible while recording.</p>
                </Show>
              </form>
            </Match>
            <Match when={running()}>
              <RecordingStatus now={now()} />
              <div class="actions">
                <Show when={['reconnecting', 'offline', 'signed-out'].includes(recordingView().connection)}>
                  <button
                    type="button"
                    onClick={() => {
                      reconnect();
                    }}
                  >
                    Reconnect now
                  </button>
                </Show>
                <button
                  type="button"
                  class="danger record-stop"
                  disabled={phase() !== 'recording'}
                  onClick={() => void finishRecording().then(() => refetch())}
                >
                  {phase() === 'finishing' ? 'Finishing upload…' : 'Stop recording'}
                </button>
              </div>
            </Match>
          </Switch>
          <Show when={error() ?? recordingView().error}>
            {(message) => (
              <p class="error" role="alert" id="record-error">
                {message()}
              </p>
            )}
          </Show>
          <Show when={recordingView().warning}>
            {(message) => (
              <p class="warning" id="record-warning">
                {message()}
              </p>
            )}
          </Show>
        </section>
      </div>
    </>
  );
}

/** The upload's state at a glance: connection, what is waiting, bitrate, time. */
function RecordingStatus(props: { readonly now: number }) {
  const v = recordingView;
  const waiting = () => `${v().waitingFrames} frames (${formatBytes(v().waitingBytes)}) waiting`;
  return (
    <>
      <p class="connection" data-connection={v().connection} role="status" aria-live="polite">
        <span class="connection-dot" aria-hidden="true" />
        <span id="record-connection">{CONNECTION_LABEL[v().connection]}</span>
        <Show when={v().connection !== 'live' && v().waitingFrames > 0}>
          <span class="connection-detail" id="record-waiting">
            {waiting()}
          </span>
        </Show>
      </p>
      <Show when={v().connection === 'signed-out'}>
        <p class="warning">
          Your session has ended; recording continues and frames are kept sealed here. <A href="/login?next=%2Frecord">Sign in again</A> to
          upload them.
        </p>
      </Show>
      <dl class="record-facts">
        <div>
          <dt>Time</dt>
          <dd id="record-elapsed">{formatDuration(props.now - (v().startedAtMs ?? props.now))}</dd>
        </div>
        <div>
          <dt>Bitrate</dt>
          <dd id="record-bitrate">{(v().bitrateBps / 1_000_000).toFixed(2)} Mbit/s</dd>
        </div>
        <div>
          <dt>Frames sealed</dt>
          <dd id="record-sealed">{v().sealedFrames}</dd>
        </div>
        <div>
          <dt>Screen</dt>
          <dd>{v().wakeLock === 'held' ? 'Kept awake' : 'May sleep: keep it on'}</dd>
        </div>
      </dl>
    </>
  );
}
