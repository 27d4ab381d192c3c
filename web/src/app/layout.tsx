/**
 * The frame every page renders inside: a skip link, the header with the main navigation (which
 * changes when signed in), `<main>` with the page, and the page title. Pages render their content
 * (an `<h1>` first), never a `<main>` of their own.
 *
 * [Note: signed-in routes after a reload]
 * The bundle's keys live in memory only ([Note: keys in memory only] in session.tsx), so a
 * reload or a deep link reaches a `signedIn` route without them. The layout then replaces the
 * location with `/login?next=<path>` and the sign-in page returns there afterwards
 * (`safeReturnPath` keeps that to a path of this site).
 */
import { A, useCurrentMatches, useLocation, useNavigate, type RouteSectionProps } from '@solidjs/router';
import { createEffect, createMemo, For, on, Show } from 'solid-js';
import { useSession } from '../features/identity/session';
import { signInPathFor } from './return-path';
import { routeInfoOf } from './route-info';
import { routes } from './routes';

function MainNavigation() {
  const session = useSession();
  const visible = () =>
    routes.filter((route) => route.info.nav !== undefined && (session.signedIn() ? !route.info.signedOut : !route.info.signedIn));
  return (
    <nav aria-label="Main" class="main-nav">
      <ul>
        <For each={visible()}>
          {(route) => (
            <li>
              <A href={route.path} end={route.path === '/'}>
                {route.info.nav}
              </A>
            </li>
          )}
        </For>
      </ul>
    </nav>
  );
}

function SignedInAs() {
  const session = useSession();
  const navigate = useNavigate();
  const signOut = async () => {
    try {
      await session.signOut();
    } finally {
      navigate('/login', { replace: true });
    }
  };
  return (
    <Show when={session.identity()}>
      {(identity) => (
        <div class="who">
          <span class="who-name" id="signed-in-as">
            {identity().username}
          </span>
          <button type="button" class="quiet" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      )}
    </Show>
  );
}

/** A loud warning, on every page, about certificates logged in the user's name that their bundle does not hold. */
function ForeignCertificatesAlarm() {
  const session = useSession();
  return (
    <Show when={session.foreignCertificates().length > 0}>
      <div class="warning alarm" role="alert" id="foreign-certificates">
        <strong>Someone holds a certificate in your name.</strong> The public certificate log lists{' '}
        {session.foreignCertificates().length === 1 ? 'a certificate' : `${session.foreignCertificates().length} certificates`} for{' '}
        {session.identity()?.username} that your key bundle does not hold (serial{' '}
        {session
          .foreignCertificates()
          .map((entry) => entry.serialHex)
          .join(', ')}
        ). If you did not create it, others can receive your recordings' keys or trust recordings in your name: tell your platform operator
        and your dispatchers now, and do not share until it is revoked.
      </div>
    </Show>
  );
}

/** The router's root: header, navigation, the matched page inside `<main>`, and the document title. */
export function Layout(props: RouteSectionProps) {
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const matches = useCurrentMatches();
  const info = createMemo(() => routeInfoOf(matches().at(-1)?.route.info));
  const allowed = () => !info().signedIn || session.signedIn();
  let main: HTMLElement | undefined;

  createEffect(() => {
    document.title = info().title === 'Home' ? 'SecCam' : `${info().title} · SecCam`;
  });
  createEffect(() => {
    if (!allowed()) navigate(signInPathFor(location.pathname + location.search), { replace: true });
  });
  // Move focus to the new page, as a full page load would, so screen readers announce it.
  createEffect(
    on(
      () => location.pathname,
      () => main?.focus({ preventScroll: true }),
      { defer: true },
    ),
  );

  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="site-header">
        <div class="site-header-inner">
          <A href="/" class="brand" end>
            <span class="brand-mark" aria-hidden="true" />
            SecCam
          </A>
          <MainNavigation />
          <SignedInAs />
        </div>
      </header>
      <main id="main" tabindex="-1" ref={main}>
        <ForeignCertificatesAlarm />
        <Show when={allowed()}>{props.children}</Show>
      </main>
      <footer class="site-footer">
        <p>
          End-to-end encrypted: video is sealed in your browser before it leaves it. <A href="/status">Platform status</A>
        </p>
      </footer>
    </>
  );
}
