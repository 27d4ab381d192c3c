import { Match, Switch } from 'solid-js';
import { LoginPage } from '../routes/login';
import { MePage } from '../routes/me';
import { NotFoundPage } from '../routes/not-found';
import { PassportPage } from '../routes/passport';
import { RegisterPage } from '../routes/register';
import { StatusPage } from '../routes/status';
import { pathname } from '../lib/router';
import { Link } from './link';

/** Site navigation and the view for the current path. */
export function AppShell() {
  return (
    <>
      <header>
        <nav aria-label="Main">
          <Link href="/">SecCam</Link>
          <Link href="/register">Register</Link>
          <Link href="/login">Sign in</Link>
          <Link href="/me">Account</Link>
          <Link href="/passport">Bundle password</Link>
        </nav>
      </header>
      <Switch fallback={<NotFoundPage />}>
        <Match when={pathname() === '/'}>
          <StatusPage />
        </Match>
        <Match when={pathname() === '/register'}>
          <RegisterPage />
        </Match>
        <Match when={pathname() === '/login'}>
          <LoginPage />
        </Match>
        <Match when={pathname() === '/me'}>
          <MePage />
        </Match>
        <Match when={pathname() === '/passport'}>
          <PassportPage />
        </Match>
      </Switch>
    </>
  );
}
