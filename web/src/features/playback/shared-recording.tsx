import { fetchStream } from '@seccam/device';
import { A } from '@solidjs/router';
import { createResource, createSignal, Match, Switch } from 'solid-js';
import { describeError, errorCodeOf } from '../../lib/api-error';
import { formatBytes, formatDateTime } from '../../lib/format';
import { useSession } from '../identity/session';
import { RecordingFiles } from '../recordings/recording-files';
import { lengthText, recordingTitle, StateBadge } from '../recordings/recording-list';
import { RecordingPlayer } from '../recordings/recording-player';

/** `/shared/:id`: one shared recording — who recorded it and when, play with seeking, save the WebM, export evidence. */
export function SharedRecording(props: { readonly id: string }) {
  const session = useSession();
  const [stream] = createResource(
    () => props.id,
    (id) => fetchStream(session.client, id),
  );
  const [seenLive, setSeenLive] = createSignal(false);
  return (
    <>
      <p class="back">
        <A href="/shared">← Shared with you</A>
      </p>
      <Switch>
        <Match when={stream.error as unknown}>
          {(error) => (
            <>
              <h1>Recording not available</h1>
              <p role="alert" class="error" id="shared-error">
                {errorCodeOf(error()) === 'NOT_FOUND' || errorCodeOf(error()) === 'BAD_USER_INPUT' || errorCodeOf(error()) === 'FORBIDDEN'
                  ? 'This recording does not exist, was deleted, or is no longer shared with you. Ask the driver to share it again.'
                  : `It could not be loaded: ${describeError(error())} Reload the page to try again.`}
              </p>
              <p>
                <A href="/shared">Back to the recordings shared with you</A>
              </p>
            </>
          )}
        </Match>
        <Match when={stream.loading}>
          <h1>Recording</h1>
          <p role="status">Loading the recording…</p>
        </Match>
        <Match when={stream()}>
          {(info) => (
            <>
              <h1>{recordingTitle(info())}</h1>
              <dl class="recording-facts with-owner card">
                <div>
                  <dt>Driver</dt>
                  <dd id="recording-owner">@{info().owner}</dd>
                </div>
                <div>
                  <dt>Started</dt>
                  <dd>{info().startedAt === null ? '—' : formatDateTime(info().startedAt ?? '')}</dd>
                </div>
                <div>
                  <dt>Length</dt>
                  <dd>{lengthText(info())}</dd>
                </div>
                <div>
                  <dt>Size</dt>
                  <dd>
                    {formatBytes(info().byteCount)} · {info().frameCount} frames
                  </dd>
                </div>
                <div>
                  <dt>State</dt>
                  <dd id="recording-state">
                    <StateBadge stream={info()} seenLive={seenLive()} />
                  </dd>
                </div>
              </dl>
              <RecordingPlayer stream={info()} onLive={() => setSeenLive(true)} />
              <RecordingFiles stream={info()} />
            </>
          )}
        </Match>
      </Switch>
    </>
  );
}
