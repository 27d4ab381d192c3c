import { fetchAccessHistory, type AccessEntryInfo } from '@seccam/device';
import { createSignal, For, Show } from 'solid-js';
import { describeError } from '../../lib/api-error';
import { formatDateTime } from '../../lib/format';
import { useSession } from '../identity/session';

const PAGE = 50;
const KIND_TEXT: Record<AccessEntryInfo['kind'], string> = {
  watch: 'watched',
  download: 'downloaded the video',
  export: 'exported evidence',
};

/** Who watched, downloaded or exported this recording and when, from the server's audit log, newest first. */
export function AccessHistory(props: { readonly streamId: string }) {
  const session = useSession();
  const [entries, setEntries] = createSignal<readonly AccessEntryInfo[]>([]);
  const [next, setNext] = createSignal<string>();
  const [loaded, setLoaded] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();

  const load = async (older: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      const before = older ? next() : undefined;
      const page = await fetchAccessHistory(session.client, props.streamId, { first: PAGE, ...(before === undefined ? {} : { before }) });
      setEntries(older ? [...entries(), ...page.entries] : page.entries);
      setNext(page.nextBefore);
      setLoaded(true);
    } catch (e) {
      setError(`The access history could not be loaded: ${describeError(e)} Try again.`);
    } finally {
      setBusy(false);
    }
  };
  void load(false);

  return (
    <section class="history card" aria-labelledby="history-heading">
      <div class="section-head">
        <h2 id="history-heading">Access history</h2>
        <button type="button" class="quiet" disabled={busy()} onClick={() => void load(false)}>
          Refresh
        </button>
      </div>
      <Show when={error()}>
        <p role="alert" class="error">
          {error()}
        </p>
      </Show>
      <Show when={loaded()} fallback={<p role="status">Loading the access history…</p>}>
        <Show
          when={entries().length > 0}
          fallback={
            <p class="empty" id="history-empty">
              Nobody has watched, downloaded or exported this recording yet.
            </p>
          }
        >
          <ol class="history-list" id="history-list">
            <For each={entries()}>
              {(entry) => (
                <li class="history-entry" data-kind={entry.kind}>
                  <time datetime={entry.at}>{formatDateTime(entry.at)}</time>
                  <span>
                    <strong>{entry.byOwner ? 'You' : `@${entry.username}`}</strong>
                    <Show when={!entry.byOwner && entry.organisation}>{(org) => <> ({org()})</>}</Show> {KIND_TEXT[entry.kind]}
                  </span>
                </li>
              )}
            </For>
          </ol>
          <Show when={next()}>
            <button type="button" class="quiet" disabled={busy()} onClick={() => void load(true)}>
              Show older
            </button>
          </Show>
        </Show>
      </Show>
    </section>
  );
}
