import { deleteStream, type StreamInfo } from '@seccam/device';
import { useNavigate } from '@solidjs/router';
import { ConfirmDialog, createConfirmation } from '../../components/confirm-dialog';
import { requireIdentity } from '../../lib/require-identity';
import { useSession } from '../identity/session';
import { AccessHistory } from './access-history';
import { recordingTitle } from './recording-list';
import { RecordingView } from './recording-view';
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
  return (
    <RecordingView
      id={props.id}
      back={{ href: '/recordings', label: 'Your recordings' }}
      missing={{ codes: ['NOT_FOUND', 'BAD_USER_INPUT'], message: 'This recording does not exist, or it was deleted.' }}
      beforePlayer={(stream) => <WatchingNow streamId={stream.id} />}
      after={(stream) => (
        <>
          <AccessHistory streamId={stream.id} />
          <DeleteRecording stream={stream} />
        </>
      )}
    />
  );
}
