/**
 * A tiny client-side router: the current path as a Solid signal, `navigate` to push history.
 *
 * [Note: SPA fallback]
 * The API answers every unknown path with index.html, so a deep link such as /login loads
 * the app and the router picks the view from `location.pathname`.
 */
import { createSignal } from 'solid-js';

const [pathname, setPathname] = createSignal(window.location.pathname);

window.addEventListener('popstate', () => {
  setPathname(window.location.pathname);
});

/** The path of the current view, e.g. `/login`. */
export { pathname };

/** Shows the view for `path` and records it in the browser history. */
export function navigate(path: string): void {
  if (path !== window.location.pathname) window.history.pushState(null, '', path);
  setPathname(path);
  window.scrollTo(0, 0);
}
