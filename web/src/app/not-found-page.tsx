import { A, useLocation } from '@solidjs/router';

/** Any path the app does not know. */
export default function NotFoundPage() {
  const location = useLocation();
  return (
    <>
      <h1>Page not found</h1>
      <p>
        There is no page at <code>{location.pathname}</code>. <A href="/">Go to the start page</A>.
      </p>
    </>
  );
}
