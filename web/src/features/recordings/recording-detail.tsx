import { deleteStream, fetchStream, type StreamInfo } from '@seccam/device';
import { A, useNavigate } from '@solidjs/router';
import { createResource, createSignal, Match, Switch } from 'solid-js';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { describeError, errorCodeOf } from '../../lib/api-error';
import { formatBytes, formatDateTime } from '../../lib/format';
import { useSession } from '../identity/session';
import { AccessHistory } from './access-history';
import { RecordingFiles } from './recording-files';
import { recordingTitle, StateBadge } from './recording-list';
import { RecordingPlayer } from './recording-player';
import { WatchingNow } from './watching-now';

function DeleteRecording(props: { readonly stream: StreamInfo }) {
  const session = useSession();
  const navigate = useNavigate();
  const [open, setOpen] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const confirm = async () => {
    const identity = session.identity();
    if (identity === undefined) {
      setError('Your keys are no longer open in this tab: sign in again, then delete.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await deleteStream(session.client, identity, props.stream.id);
      setOpen(false);
      navigate('/recordings', { replace: true });
    } catch (e) {
      setError(`${describeError(e)} Nothing was deleted; try again.`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="danger-zone card" aria-labelledby="delete-heading">
      <h2 id="delete-heading">Delete</h2>
      <p>Removes the frames and every key from the server for good, ends any live view and tells the dispatchers who could see it.</p>
      <button
        type="button"
        class="danger"
        onClick={() => {
          setError(undefined);
          setOpen(true);
        }}
      >
        Delete this recording
      </button>
      <ConfirmDialog
        open={open()}
        title={`Delete “${recordingTitle(props.stream)}”?`}
        confirmLabel="Delete for good"
        danger
        busy={busy()}
        error={error()}
        onConfirm={() => void confirm()}
        onCancel={() => setOpen(false)}
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
              <h1>{recordingTitle(info())}</h1>
              <dl class="recording-facts card">
                <div>
                  <dt>Started</dt>
                  <dd>{info().startedAt === null ? '—' : formatDateTime(info().startedAt ?? '')}</dd>
                </div>
                <div>
                  <dt>Frames</dt>
                  <dd>{info().frameCount}</dd>
                </div>
                <div>
                  <dt>Size</dt>
                  <dd>{formatBytes(info().byteCount)}</dd>
                </div>
                <div>
                  <dt>State</dt>
                  <dd id="recording-state">
                    <StateBadge stream={info()} seenLive={seenLive()} />
                  </dd>
                </div>
              </dl>
              <WatchingNow streamId={info().id} />
              <RecordingPlayer stream={info()} onLive={() => setSeenLive(true)} />
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
