import { fetchStream } from '@seccam/device';
import type { StreamInfoRecord } from '@seccam/schema';
import { A } from '@solidjs/router';
import { createEffect, createResource, createSignal, Match, on, Switch } from 'solid-js';
import { describeError, errorCodeOf } from '../../lib/api-error';
import { useSession } from '../identity/session';
import { RecordingFiles } from '../recordings/recording-files';
import { RecordingFacts } from '../recordings/recording-facts';
import { RecordingPlayer } from '../recordings/recording-player';

/** `/shared/:id`: one shared recording — who recorded it and when, play with seeking, save the WebM, export evidence. */
export function SharedRecording(props: { readonly id: string }) {
  const session = useSession();
  const [stream] = createResource(
    () => props.id,
    (id) => fetchStream(session.client, id),
  );
  const [seenLive, setSeenLive] = createSignal(false);
  const [signed, setSigned] = createSignal<StreamInfoRecord | null>(null);
  // Another recording on the same page (a link between recordings): forget the last one's signed info.
  createEffect(
    on(
      () => props.id,
      () => setSigned(null),
      { defer: true },
    ),
  );
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
              <RecordingFacts stream={info()} signed={signed()} seenLive={seenLive()} showOwner />
              <RecordingPlayer stream={info()} onLive={() => setSeenLive(true)} onSignedInfo={setSigned} />
              <RecordingFiles stream={info()} />
            </>
          )}
        </Match>
      </Switch>
    </>
  );
}
