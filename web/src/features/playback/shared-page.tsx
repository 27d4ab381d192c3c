import { useParams } from '@solidjs/router';
import { Show } from 'solid-js';
import '../recordings/recordings.css';
import { SharedList } from './shared-list';
import { SharedRecording } from './shared-recording';
import './playback.css';

/** `/shared` (recordings drivers shared with this dispatcher) and `/shared/:id` (play, save, export one). */
export default function SharedPage() {
  const params = useParams<{ id?: string }>();
  return (
    <Show when={params.id} fallback={<SharedList />}>
      {(id) => <SharedRecording id={id()} />}
    </Show>
  );
}
