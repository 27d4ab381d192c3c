import { useNavigate } from '@solidjs/router';
import { createSignal, For, onMount, Show } from 'solid-js';
import { FormStatus } from '../../components/form-status';
import { describeError } from '../../lib/api-error';
import { useSession } from './session';

/** `2026-12-02 01:53 UTC`: short enough for a table cell, unambiguous in every locale. */
function Timestamp(props: { readonly iso: string }) {
  return <time datetime={props.iso}>{`${new Date(props.iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`}</time>;
}

/** `/account`: the signed-in account, its certificates, and signing out (here or everywhere). */
export default function AccountPage() {
  const session = useSession();
  const navigate = useNavigate();
  const [error, setError] = createSignal<string>();
  // Fresh facts each visit (an e-mail verified meanwhile); an ended session wipes the keys here.
  onMount(() => {
    session.refreshAccount().catch((e: unknown) => {
      setError(describeError(e));
    });
  });

  const end = async (everywhere: boolean) => {
    setError(undefined);
    try {
      await session.signOut({ everywhere });
      navigate('/login', { replace: true });
    } catch (e) {
      setError(describeError(e));
    }
  };

  return (
    <>
      <h1>Your account</h1>
      <Show when={session.account()} fallback={<p role="status">Loading…</p>}>
        {(account) => (
          <>
            <dl class="facts card">
              <dt>Username</dt>
              <dd id="me-username">{account().username}</dd>
              <dt>Role</dt>
              <dd>{account().role}</dd>
              <dt>E-mail</dt>
              <dd id="me-email">
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
            <div class="table-scroll" role="region" aria-label="Certificates" tabindex="0">
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
            </div>
            <h2>Sign out</h2>
            <p>Signing out forgets your keys in this tab. Signing out everywhere also ends your sessions on other devices.</p>
            <div class="actions">
              <button type="button" onClick={() => void end(false)}>
                Log out
              </button>
              <button type="button" class="danger" onClick={() => void end(true)}>
                Log out everywhere
              </button>
            </div>
            <FormStatus error={error()} />
          </>
        )}
      </Show>
    </>
  );
}
