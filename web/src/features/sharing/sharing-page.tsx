import { fetchGrants, type CreatedGrant, type DispatcherInfo, type GrantInfo } from '@seccam/device';
import { createResource, createSignal, Match, Show, Switch } from 'solid-js';
import { LoadFailure } from '../../components/load-failure';
import { formatDateTime } from '../../lib/format';
import { useSession } from '../identity/session';
import { DispatcherDirectory } from './dispatcher-directory';
import { GrantForm } from './grant-form';
import { GrantList } from './grant-list';
import { ContactVerifyWhen } from '../contacts/contact-verify';
import './sharing.css';

/** `/sharing`: find a dispatcher, compare their verification code, share; the active grants and revoking. */
export default function SharingPage() {
  const session = useSession();
  const [chosen, setChosen] = createSignal<DispatcherInfo>();
  const [verifying, setVerifying] = createSignal<string>();
  const [notice, setNotice] = createSignal<string>();
  const [grants, { refetch }] = createResource(async () => {
    const me = session.identity()?.username;
    return (await fetchGrants(session.client)).filter((g: GrantInfo) => g.active && g.driver === me);
  });

  const shared = (created: CreatedGrant) => {
    setNotice(undefined);
    void refetch();
    return created;
  };
  const revoked = (grant: GrantInfo) => {
    setNotice(`Access of @${grant.dispatcher} revoked at ${formatDateTime(grant.revokedAt ?? new Date())}.`);
    void refetch();
  };

  return (
    <>
      <h1>Share your recordings</h1>
      <Show
        when={session.identity()?.role === 'driver'}
        fallback={
          <p class="notice">Only drivers share recordings. As a dispatcher, give drivers your username and your verification code.</p>
        }
      >
        <p class="lead">
          Dispatchers you share with can watch live and play back; everything is sealed to their certificate in this browser. You can revoke
          at any time.
        </p>
        <ContactVerifyWhen
          username={verifying()}
          onClose={() => {
            setVerifying(undefined);
          }}
        />
        <Show when={chosen()} fallback={<DispatcherDirectory onShare={(d) => setChosen(d)} onVerify={(d) => setVerifying(d.username)} />}>
          {(dispatcher) => (
            <GrantForm
              dispatcher={dispatcher()}
              onVerify={(username) => setVerifying(username)}
              onShared={shared}
              onClose={() => {
                setChosen(undefined);
              }}
            />
          )}
        </Show>
        <section aria-labelledby="grants-heading" class="grants">
          <h2 id="grants-heading">Who can watch</h2>
          <Show when={notice()}>
            <p role="status" class="notice ok" id="grant-notice">
              {notice()}
            </p>
          </Show>
          <Switch>
            <Match when={grants.error as unknown}>
              {(error) => <LoadFailure what="Your grants" error={error()} onRetry={() => void refetch()} />}
            </Match>
            <Match when={grants.latest}>{(list) => <GrantList grants={list()} onRevoked={revoked} />}</Match>
            <Match when={grants.loading}>
              <p role="status">Loading your grants…</p>
            </Match>
          </Switch>
        </section>
      </Show>
    </>
  );
}
