import { Show } from 'solid-js';
import { Link } from '../components/link';
import { graphql } from '../gql';
import { watchQuery } from '../lib/apollo';

const StatusQuery = graphql(`
  query Status {
    platformTrust {
      rootPem
    }
  }
`);

/** Home: where to go, whether the API is up, and the platform root to pin. */
export function StatusPage() {
  const status = watchQuery(StatusQuery);
  return (
    <main>
      <h1>SecCam</h1>
      <p>End-to-end-encrypted dashcam platform: videos are encrypted on the recording device and only the people you share with can watch them.</p>
      <ul>
        <li><Link href="/register">Create an account</Link></li>
        <li><Link href="/login">Sign in</Link></li>
        <li><Link href="/me">Your account</Link></li>
        <li><Link href="/passport">Change your bundle password</Link></li>
      </ul>
      <Show when={status.error()}>
        <p role="alert">Cannot reach the API: {status.error()}</p>
      </Show>
      <Show when={status.data()}>
        <h2>Platform root certificate</h2>
        <pre>{status.data()?.platformTrust.rootPem}</pre>
      </Show>
    </main>
  );
}
