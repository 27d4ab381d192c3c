import { watchStreamViewers, type StreamViewerInfo } from '@seccam/device';
import { createSignal, For, onCleanup, Show } from 'solid-js';
import { describeError } from '../../lib/api-error';
import { formatDateTime } from '../../lib/format';
import { useSession } from '../identity/session';

/** "Who is watching now": the dispatchers watching this recording at this moment, kept current over graphql-ws. */
export function WatchingNow(props: { readonly streamId: string }) {
  const session = useSession();
  const [viewers, setViewers] = createSignal<readonly StreamViewerInfo[]>();
  const [problem, setProblem] = createSignal<string>();
  let stopped = false;
  const subscription = watchStreamViewers(
    session.client,
    props.streamId,
    (list) => {
      setProblem(undefined);
      setViewers(list);
    },
    (error) => {
      if (!stopped) setProblem(`Live updates are off (${describeError(error)}). Reload the page to see who is watching.`);
    },
  );
  void subscription.closed.then((end) => {
    if (!stopped && !end.clean) setProblem('Live updates stopped: the connection was lost. Reload the page to see who is watching.');
  });
  onCleanup(() => {
    stopped = true;
    subscription.close();
  });
  return (
    <section class="watching card" aria-labelledby="watching-heading">
      <h2 id="watching-heading">Watching now</h2>
      <Show when={problem()}>
        <p role="alert" class="error">
          {problem()}
        </p>
      </Show>
      <Show when={viewers()} fallback={<p role="status">Looking who is watching…</p>}>
        {(list) => (
          <Show
            when={list().length > 0}
            fallback={
              <p class="empty" id="watching-empty">
                Nobody is watching now.
              </p>
            }
          >
            <ul class="viewer-list" id="watching-list" aria-live="polite">
              <For each={list()}>
                {(viewer) => (
                  <li class="viewer">
                    <span class="live-dot" aria-hidden="true" />
                    <strong>@{viewer.username}</strong>
                    <Show when={viewer.organisation}>{(org) => <span class="viewer-org">{org()}</span>}</Show>
                    <span class="viewer-since">since {formatDateTime(viewer.since)}</span>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
    </section>
  );
}
