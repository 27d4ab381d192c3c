import { fetchPlatformTrust } from '@seccam/device';
import { Show } from 'solid-js';
import { Link } from '../components/link';
import { client, load } from '../lib/client';

/** Home: where to go, whether the API is up, and the platform root to pin. */
export function StatusPage() {
  const status = load(() => fetchPlatformTrust(client));
  return (
    <main>
      <h1>SecCam</h1>
      <p>
        End-to-end-encrypted dashcam platform: videos are encrypted on the recording device and only the people you share with can watch
        them.
      </p>
      <ul>
        <li>
          <Link href="/register">Create an account</Link>
        </li>
        <li>
          <Link href="/login">Sign in</Link>
        </li>
        <li>
          <Link href="/me">Your account</Link>
        </li>
        <li>
          <Link href="/passport">Change your bundle password</Link>
        </li>
      </ul>
      <Show when={status.error()}>
        <p role="alert">Cannot reach the API: {status.error()}</p>
      </Show>
      <Show when={status.data()}>
        <h2>Platform root certificate</h2>
        <pre>{status.data()?.rootPem}</pre>
      </Show>
    </main>
  );
}
