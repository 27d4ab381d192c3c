import { searchDispatchers, type DispatcherInfo } from '@seccam/device';
import { certificateVerificationCode } from '@seccam/pki';
import { createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { describeError } from '../../lib/api-error';
import { useSession } from '../identity/session';
import { ContactBadge } from '../contacts/contact-status';
import { debounced } from './debounced';

/** Directory entries per search: enough to choose from; narrow the search for more. */
const PAGE = 20;
const SEARCH_DELAY_MS = 300;

/** A dispatcher's `enc` certificate code ([Note: verification codes] in @seccam/pki), the one a grant names. */
export function VerificationCode(props: { readonly certificatePem: string }) {
  const [code] = createResource(
    () => props.certificatePem,
    (pem) => certificateVerificationCode(pem),
  );
  return (
    <code class="verification-code">
      <Show when={!code.error} fallback="unreadable certificate">
        {code() ?? '…'}
      </Show>
    </code>
  );
}

interface DirectoryActions {
  readonly onShare: (dispatcher: DispatcherInfo) => void;
  /** Opens the safety-code comparison for this dispatcher ([Note: verified contacts]). */
  readonly onVerify: (dispatcher: DispatcherInfo) => void;
}

function DispatcherCard(props: DirectoryActions & { readonly dispatcher: DispatcherInfo }) {
  return (
    <li class="dispatcher card">
      <div class="dispatcher-who">
        <span class="dispatcher-name">{props.dispatcher.fullName}</span>
        <span class="dispatcher-org">
          {props.dispatcher.organisation} · {props.dispatcher.country}
        </span>
        <span class="dispatcher-username">
          @{props.dispatcher.username}{' '}
          <ContactBadge username={props.dispatcher.username} certificatePem={props.dispatcher.encCertificatePem} />
        </span>
      </div>
      <div class="dispatcher-code">
        <span class="label">Verification code</span>
        <VerificationCode certificatePem={props.dispatcher.encCertificatePem} />
      </div>
      <div class="dispatcher-actions">
        <button
          type="button"
          class="quiet"
          onClick={() => {
            props.onVerify(props.dispatcher);
          }}
        >
          Verify {props.dispatcher.username}
        </button>
        <button
          type="button"
          onClick={() => {
            props.onShare(props.dispatcher);
          }}
        >
          Share with {props.dispatcher.username}
        </button>
      </div>
    </li>
  );
}

/**
 * The dispatcher directory with a debounced search. Each entry shows the verification code of the
 * dispatcher's certificate, to compare with the code the dispatcher reads out from their own.
 */
export function DispatcherDirectory(props: DirectoryActions) {
  const session = useSession();
  const [query, setQuery] = createSignal('');
  const search = debounced(() => query().trim(), SEARCH_DELAY_MS);
  const [found] = createResource(
    () => ({ text: search() }),
    ({ text }) => searchDispatchers(session.client, text, PAGE),
  );
  return (
    <section class="directory" aria-labelledby="directory-heading">
      <h2 id="directory-heading">Find a dispatcher</h2>
      <label for="dispatcher-search">Search by name, organisation or username</label>
      <input
        id="dispatcher-search"
        type="search"
        autocomplete="off"
        spellcheck={false}
        placeholder="e.g. Acme"
        onInput={(event) => setQuery(event.currentTarget.value)}
      />
      <p class="hint">
        Before you share, verify the dispatcher: compare your safety code with theirs, on a call or in person, or scan their QR code. Once
        verified, SecCam asks you before it uses any other certificate in their name.
      </p>
      <Switch>
        <Match when={found.error as unknown}>
          {(error) => (
            <p role="alert" class="error">
              The directory could not be loaded: {describeError(error())} Try again in a moment.
            </p>
          )}
        </Match>
        <Match when={found.loading && found.latest === undefined}>
          <p role="status">Loading the directory…</p>
        </Match>
        <Match when={found.latest?.length === 0}>
          <p role="status" class="empty" id="directory-empty">
            <Show
              when={search() !== ''}
              fallback="No dispatcher has registered yet. Ask your fleet or insurer to create a dispatcher account."
            >
              No dispatcher matches “{search()}”. Check the spelling, or ask the dispatcher for their username.
            </Show>
          </p>
        </Match>
        <Match when={found.latest}>
          {(list) => (
            <>
              <p role="status" class="result-count" aria-busy={found.loading}>
                {found.loading
                  ? 'Searching…'
                  : list().length === PAGE
                    ? `First ${PAGE} matches: type more to narrow.`
                    : `${list().length} found`}
              </p>
              <ul class="dispatcher-list">
                <For each={list()}>
                  {(dispatcher) => <DispatcherCard dispatcher={dispatcher} onShare={props.onShare} onVerify={props.onVerify} />}
                </For>
              </ul>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}
