import { fetchMe, logout, logoutEverywhere } from '@seccam/device';
import { createSignal, For, Match, Show, Switch } from 'solid-js';
import { FormStatus } from '../components/form-status';
import { Link } from '../components/link';
import { describeError } from '../lib/api-error';
import { client, load } from '../lib/client';

function Timestamp(props: { readonly iso: string }) {
  return <time datetime={props.iso}>{new Date(props.iso).toUTCString()}</time>;
}

/** `/me`: the signed-in account, its certificates, and signing out. */
export function MePage() {
  const me = load(() => fetchMe(client));
  const [signedOut, setSignedOut] = createSignal<string>();
  const [error, setError] = createSignal<string>();

  const end = async (everywhere: boolean) => {
    setError(undefined);
    try {
      let message = 'Signed out.';
      if (everywhere) {
        const ended = await logoutEverywhere(client);
        message = `Signed out everywhere: ${ended} session(s) ended.`;
      } else {
        await logout(client);
      }
      setSignedOut(message);
    } catch (e) {
      setError(describeError(e));
    }
  };

  return (
    <main>
      <h1>Your account</h1>
      <Switch>
        <Match when={signedOut() ?? (me.errorCode() === 'UNAUTHENTICATED' ? 'You are not signed in.' : undefined)}>
          {(text) => (
            <p role="status" id="signed-out">
              {text()} <Link href="/login">Sign in</Link>
            </p>
          )}
        </Match>
        <Match when={me.error()}>
          <p role="alert" class="error">
            {me.error()}
          </p>
        </Match>
        <Match when={me.loading()}>
          <p role="status">Loading…</p>
        </Match>
        <Match when={me.data()}>
          {(account) => (
            <>
              <dl>
                <dt>Username</dt>
                <dd id="me-username">{account().username}</dd>
                <dt>Role</dt>
                <dd>{account().role}</dd>
                <dt>E-mail</dt>
                <dd>
                  {account().email} ({account().emailVerified ? 'verified' : 'not verified: open the link we mailed you'})
                </dd>
                <Show when={account().organisation}>
                  <dt>Organisation</dt>
                  <dd>
                    {account().fullName}, {account().organisation} ({account().country})
                  </dd>
                </Show>
              </dl>
              <h2>Certificates</h2>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Kind</th>
                    <th scope="col">Serial</th>
                    <th scope="col">Valid from</th>
                    <th scope="col">Valid until</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={account().certificates}>
                    {(certificate) => (
                      <tr class="certificate">
                        <td>{certificate.kind === 'sig' ? 'signing' : 'encryption'}</td>
                        <td>
                          <code>{certificate.serialHex}</code>
                        </td>
                        <td>
                          <Timestamp iso={certificate.notBefore} />
                        </td>
                        <td>
                          <Timestamp iso={certificate.notAfter} />
                        </td>
                        <td>{certificate.revokedAt ? 'revoked' : 'valid'}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
              <div class="actions">
                <button type="button" onClick={() => void end(false)}>
                  Log out
                </button>
                <button type="button" onClick={() => void end(true)}>
                  Log out everywhere
                </button>
              </div>
              <FormStatus error={error()} />
            </>
          )}
        </Match>
      </Switch>
    </main>
  );
}
