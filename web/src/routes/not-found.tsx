import { Link } from '../components/link';
import { pathname } from '../lib/router';

/** Any path the app does not know. */
export function NotFoundPage() {
  return (
    <main>
      <h1>Page not found</h1>
      <p>
        There is no page at <code>{pathname()}</code>. <Link href="/">Go to the start page</Link>.
      </p>
    </main>
  );
}
