/**
 * What the driver signed about a stream, shown as the facts ([Note: signed stream info]): the
 * title and start from the stream's INIT frames, with a warning when the server's copy (its
 * list, which a database editor can change) says otherwise. Before a signed frame is read the
 * server's values are shown, marked as not yet confirmed.
 */
import { streamInfoMismatches, type ServerStreamFacts, type StreamInfoMismatch } from '@seccam/device';
import type { StreamInfoRecord } from '@seccam/schema';
import { For, Show } from 'solid-js';
import { formatDateTime } from '../lib/format';

/** The title to show: the signed one once known, else the server's (or a neutral name). */
export function shownTitle(server: Pick<ServerStreamFacts, 'title'>, signed: StreamInfoRecord | null): string {
  const title = signed === null ? server.title : signed.title;
  return title === '' ? 'Untitled recording' : title;
}

/** The start to show: the signed one once known, else the server's; null when neither. */
export function shownStart(server: Pick<ServerStreamFacts, 'startedAt'>, signed: StreamInfoRecord | null): string | null {
  if (signed !== null) return new Date(signed.startedAtMs).toISOString();
  return server.startedAt;
}

function describeMismatch(mismatch: StreamInfoMismatch): string {
  if (mismatch.field === 'title') return `the server lists the title “${mismatch.server ?? ''}”, the driver signed “${mismatch.signed}”`;
  return `the server says it started ${mismatch.server === null ? 'at no time' : formatDateTime(mismatch.server)}, the driver signed ${formatDateTime(mismatch.signed)}`;
}

/**
 * A warning when the server's copy differs from the signed info (nothing when they agree or no
 * signed info has been read yet).
 */
export function ServerCopyWarning(props: { readonly server: ServerStreamFacts; readonly signed: StreamInfoRecord | null }) {
  const mismatches = () => (props.signed === null ? [] : streamInfoMismatches(props.server, props.signed));
  return (
    <Show when={mismatches().length > 0}>
      <div
        class="warning alarm server-copy-warning"
        role="alert"
        data-mismatch={mismatches()
          .map((m) => m.field)
          .join(' ')}
      >
        <p>
          <strong>The server’s record of this stream was changed.</strong> Shown here is what the driver signed. Report this to your
          administrator:
        </p>
        <ul>
          <For each={mismatches()}>{(mismatch) => <li>{describeMismatch(mismatch)}</li>}</For>
        </ul>
      </div>
    </Show>
  );
}
