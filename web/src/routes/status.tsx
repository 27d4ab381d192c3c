import { Show } from 'solid-js';
import { graphql } from '../gql';
import { watchQuery } from '../lib/apollo';

const StatusQuery = graphql(`
  query Status {
    platformTrust {
      rootPem
    }
  }
`);

/** Placeholder home: the API is up and here is the platform root to pin. */
export function StatusPage() {
  const status = watchQuery(StatusQuery);
  return (
    <main>
      <h1>SecCam</h1>
      <p>End-to-end-encrypted dashcam platform. The web app is under construction; the API is live.</p>
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
