import { fetchSharedStreams, type StreamInfo } from '@seccam/device';
import { createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { ContactBadge } from '../contacts/contact-status';
import { ContactVerifyWhen } from '../contacts/contact-verify';
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
        <Match when={streams()}>
          {(list) => (
            <>
              <SharingDrivers streams={list()} />
              <RecordingCards streams={list()} href={(id) => `/shared/${id}`} showOwner />
            </>
          )}
        </Match>
      </Switch>
    </>
  );
}

/**
 * The drivers who shared with this dispatcher, each to verify once ([Note: verified contacts]):
 * afterwards a recording signed by any other certificate in their name is refused.
 */
function SharingDrivers(props: { readonly streams: readonly StreamInfo[] }) {
  const [verifying, setVerifying] = createSignal<string>();
  // The newest stream's signing certificate per driver: the one a new recording would carry.
  const drivers = () => {
    const newest = new Map<string, StreamInfo>();
    for (const stream of props.streams) {
      const seen = newest.get(stream.owner);
      if (seen === undefined || Date.parse(stream.createdAt) > Date.parse(seen.createdAt)) newest.set(stream.owner, stream);
    }
    return [...newest.values()].sort((a, b) => a.owner.localeCompare(b.owner));
  };
  return (
    <section class="sharing-drivers" aria-labelledby="sharing-drivers-heading">
      <h2 id="sharing-drivers-heading">Drivers</h2>
      <ul class="driver-list">
        <For each={drivers()}>
          {(stream) => (
            <li>
              <span>@{stream.owner}</span> <ContactBadge username={stream.owner} certificatePem={stream.sigCertificatePem} />{' '}
              <button type="button" class="quiet" onClick={() => setVerifying(stream.owner)}>
                Verify {stream.owner}
              </button>
            </li>
          )}
        </For>
      </ul>
      <ContactVerifyWhen
        username={verifying()}
        onClose={() => {
          setVerifying(undefined);
        }}
      />
    </section>
  );
}
