import { fetchMyStreams, type StreamInfo } from '@seccam/device';
import { A } from '@solidjs/router';
import { createResource, For, Match, Show, Switch } from 'solid-js';
import { LoadFailure } from '../../components/load-failure';
import { formatBytes, formatDateTime, formatDuration } from '../../lib/format';
import { useSession } from '../identity/session';
import { recordingLengthOf, recordingStateOf } from './recording-state';

export function recordingTitle(stream: Pick<StreamInfo, 'title'>): string {
  return stream.title === '' ? 'Untitled recording' : stream.title;
}

/** e.g. "0:04", or "about 0:05" when estimated from the frame count. */
export function lengthText(stream: StreamInfo): string {
  const length = recordingLengthOf(stream);
  return `${length.approximate ? 'about ' : ''}${formatDuration(length.ms)}`;
}

/** The state as a badge; its class (`state-ended`, `state-unsigned`, …) colours it. */
export function StateBadge(props: { readonly stream: StreamInfo; readonly seenLive?: boolean }) {
  const state = () => recordingStateOf(props.stream, props.seenLive === true);
  return <span class={`state state-${state().kind}`}>{state().label}</span>;
}

/**
 * Recordings as cards (title linking to `href`, start, length, size, state); with `showOwner`
 * also the driver who recorded it (a dispatcher's list of shared recordings).
 */
export function RecordingCards(props: {
  readonly streams: readonly StreamInfo[];
  readonly href: (streamId: string) => string;
  readonly showOwner?: boolean;
}) {
  return (
    <ul class="recording-list">
      <For each={props.streams}>
        {(stream) => (
          <li class="recording card" data-stream-id={stream.id}>
            <A class="recording-title" href={props.href(stream.id)}>
              {recordingTitle(stream)}
            </A>
            <dl class="recording-facts" classList={{ 'with-owner': props.showOwner === true }}>
              <Show when={props.showOwner === true}>
                <div>
                  <dt>Driver</dt>
                  <dd class="recording-owner">@{stream.owner}</dd>
                </div>
              </Show>
              <div>
                <dt>Started</dt>
                <dd>{stream.startedAt === null ? '—' : formatDateTime(stream.startedAt)}</dd>
              </div>
              <div>
                <dt>Length</dt>
                <dd class="recording-duration">{lengthText(stream)}</dd>
              </div>
              <div>
                <dt>Size</dt>
                <dd class="recording-size">{formatBytes(stream.byteCount)}</dd>
              </div>
              <div>
                <dt>State</dt>
                <dd>
                  <StateBadge stream={stream} />
                </dd>
              </div>
            </dl>
          </li>
        )}
      </For>
    </ul>
  );
}

/** `/recordings`: the driver's own recordings, newest first. */
export function RecordingList() {
  const session = useSession();
  const [streams, { refetch }] = createResource(() => fetchMyStreams(session.client));
  return (
    <>
      <h1>Your recordings</h1>
      <p class="lead">Open a recording to play it, save the video, export signed evidence or delete it.</p>
      <Switch>
        <Match when={streams.error as unknown}>
          {(error) => <LoadFailure what="Your recordings" error={error()} onRetry={() => void refetch()} />}
        </Match>
        <Match when={streams.loading}>
          <p role="status">Loading your recordings…</p>
        </Match>
        <Match when={streams()?.length === 0}>
          <p class="empty" id="recordings-empty">
            You have no recordings yet. <A href="/record">Record</A> from this browser, or with the dashcam client.
          </p>
        </Match>
        <Match when={streams()}>{(list) => <RecordingCards streams={list()} href={(id) => `/recordings/${id}`} />}</Match>
      </Switch>
    </>
  );
}
