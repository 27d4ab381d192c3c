import { fetchPlatformTrust } from '@seccam/device';
import { Show } from 'solid-js';
import { load } from '../../lib/load';
import { useSession } from '../identity/session';

/** `/status`: whether the API answers, and the platform root certificate to pin. */
export default function StatusPage() {
  const session = useSession();
  const status = load(() => fetchPlatformTrust(session.client));
  return (
    <>
      <h1>Platform status</h1>
      <Show when={status.loading()}>
        <p role="status">Asking the server…</p>
      </Show>
      <Show when={status.error()}>
        <p role="alert" class="error">
          Cannot reach the API: {status.error()}
        </p>
      </Show>
      <Show when={status.data()}>
        {(trust) => (
          <>
            <p class="ok" role="status">
              The API is up.
            </p>
            <h2>Platform root certificate</h2>
            <p>Devices and viewers pin this certificate: every account certificate chains to it.</p>
            <pre class="pem" tabindex="0">
              {trust().rootPem}
            </pre>
          </>
        )}
      </Show>
    </>
  );
}
