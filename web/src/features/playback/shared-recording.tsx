import { A } from '@solidjs/router';
import { RecordingView } from '../recordings/recording-view';

/** `/shared/:id`: one shared recording — who recorded it and when, play with seeking, save the WebM, export evidence. */
export function SharedRecording(props: { readonly id: string }) {
  return (
    <RecordingView
      id={props.id}
      back={{ href: '/shared', label: 'Shared with you' }}
      missing={{
        codes: ['NOT_FOUND', 'BAD_USER_INPUT', 'FORBIDDEN'],
        message: 'This recording does not exist, was deleted, or is no longer shared with you. Ask the driver to share it again.',
      }}
      errorId="shared-error"
      errorFooter={
        <p>
          <A href="/shared">Back to the recordings shared with you</A>
        </p>
      }
      showOwner
    />
  );
}
