import { deleteStream, fetchStream, type StreamInfo } from '@seccam/device';
import type { StreamInfoRecord } from '@seccam/schema';
import { A, useNavigate } from '@solidjs/router';
import { createEffect, createResource, createSignal, Match, on, Switch } from 'solid-js';
import { ConfirmDialog, createConfirmation } from '../../components/confirm-dialog';
import { describeError, errorCodeOf } from '../../lib/api-error';
import { requireIdentity } from '../../lib/require-identity';
import { useSession } from '../identity/session';
import { AccessHistory } from './access-history';
import { RecordingFiles } from './recording-files';
import { RecordingFacts } from './recording-facts';
import { recordingTitle } from './recording-list';
import { RecordingPlayer } from './recording-player';
import { WatchingNow } from './watching-now';

function DeleteRecording(props: { readonly stream: StreamInfo }) {
  const session = useSession();
  const navigate = useNavigate();
  const removal = createConfirmation<StreamInfo>(async (stream) => {
    await deleteStream(session.client, requireIdentity(session), stream.id);
    navigate('/recordings', { replace: true });
  }, 'Nothing was deleted; try again.');
  return (
    <section class="danger-zone card" aria-labelledby="delete-heading">
      <h2 id="delete-heading">Delete</h2>
      <p>Removes the frames and every key from the server for good, ends any live view and tells the dispatchers who could see it.</p>
      <button
        type="button"
        class="danger"
        onClick={() => {
          removal.ask(props.stream);
        }}
      >
        Delete this recording
      </button>
      <ConfirmDialog
        open={removal.subject() !== undefined}
        title={`Delete “${recordingTitle(props.stream)}”?`}
        confirmLabel="Delete for good"
        danger
        busy={removal.busy()}
        error={removal.error()}
        onConfirm={() => void removal.confirm()}
        onCancel={() => {
          removal.cancel();
        }}
      >
        <p>This cannot be undone. Copies someone already saved (a WebM or an evidence file) are not affected.</p>
      </ConfirmDialog>
    </section>
  );
}

/** `/recordings/:id`: one recording — facts, who is watching now, play, save (WebM, evidence), access history, delete. */
export function RecordingDetail(props: { readonly id: string }) {
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
        <A href="/recordings">← Your recordings</A>
      </p>
      <Switch>
        <Match when={stream.error as unknown}>
          {(error) => (
            <>
              <h1>Recording not available</h1>
              <p role="alert" class="error">
                {errorCodeOf(error()) === 'NOT_FOUND' || errorCodeOf(error()) === 'BAD_USER_INPUT'
                  ? 'This recording does not exist, or it was deleted.'
                  : `It could not be loaded: ${describeError(error())} Reload the page to try again.`}
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
              <RecordingFacts stream={info()} signed={signed()} seenLive={seenLive()} />
              <WatchingNow streamId={info().id} />
              <RecordingPlayer stream={info()} onLive={() => setSeenLive(true)} onSignedInfo={setSigned} />
              <RecordingFiles stream={info()} />
              <AccessHistory streamId={info().id} />
              <DeleteRecording stream={info()} />
            </>
          )}
        </Match>
      </Switch>
    </>
  );
}
