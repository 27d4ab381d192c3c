/** The app's composition root: the session around the router, the layout around every route. */
import { Router } from '@solidjs/router';
import { SessionProvider } from '../features/identity/session';
import { Layout } from './layout';
import { routes } from './routes';

export function App() {
  return (
    <SessionProvider>
      <Router root={Layout}>{[...routes]}</Router>
    </SessionProvider>
  );
}
