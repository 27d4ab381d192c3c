import { useParams } from '@solidjs/router';
import { Show } from 'solid-js';
import { RecordingDetail } from './recording-detail';
import { RecordingList } from './recording-list';
import './recordings.css';

/** `/recordings` (the list) and `/recordings/:id` (one recording). */
export default function RecordingsPage() {
  const params = useParams<{ id?: string }>();
  return (
    <Show when={params.id} fallback={<RecordingList />}>
      {(id) => <RecordingDetail id={id()} />}
    </Show>
  );
}
