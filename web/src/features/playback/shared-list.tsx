import { fetchSharedStreams } from '@seccam/device';
import { createResource, Match, Show, Switch } from 'solid-js';
import { LoadFailure } from '../../components/load-failure';
import { useSession } from '../identity/session';
import { RecordingCards } from '../recordings/recording-list';
import { VerificationCode } from '../sharing/dispatcher-directory';

/** `/shared`: the recordings drivers shared with the signed-in dispatcher, newest first. */
export function SharedList() {
  const session = useSession();
  const [streams, { refetch }] = createResource(() => fetchSharedStreams(session.client));
  return (
    <>
      <div class="section-head">
        <h1>Shared with you</h1>
        <button type="button" class="quiet" disabled={streams.loading} onClick={() => void refetch()}>
          Refresh
        </button>
      </div>
      <p class="lead">
        Recordings drivers shared with you. Open one to play it — every frame is verified against the driver’s signature in this browser —
        save the video or export signed evidence.
      </p>
      <Switch>
        <Match when={streams.error as unknown}>
          {(error) => <LoadFailure what="The recordings shared with you" error={error()} onRetry={() => void refetch()} />}
        </Match>
        <Match when={streams.loading && streams() === undefined}>
          <p role="status">Loading the recordings shared with you…</p>
        </Match>
        <Match when={streams()?.length === 0}>
          <div class="empty card" id="shared-empty">
            <p>No driver has shared a recording with you yet.</p>
            <Show
              when={session.identity()?.role === 'dispatcher' && session.identity()}
              fallback={<p>Only dispatchers receive shared recordings; your own are under Recordings.</p>}
            >
              {(identity) => (
                <p>
                  A driver shares from their Share page: give them your username <strong>@{identity().username}</strong> and your
                  verification code <VerificationCode certificatePem={identity().encCertPem} />, which they compare before sharing.
                </p>
              )}
            </Show>
          </div>
        </Match>
        <Match when={streams()}>{(list) => <RecordingCards streams={list()} href={(id) => `/shared/${id}`} showOwner />}</Match>
      </Switch>
    </>
  );
}
