import { login } from '@seccam/device';
import { openBundle, type SecBundle } from '@seccam/pki';
import { createSignal, Show } from 'solid-js';
import { FormStatus } from '../components/form-status';
import { Link } from '../components/link';
import { describeError } from '../lib/api-error';
import { client } from '../lib/client';
import { readBundleFile } from '../lib/bundle-file';
import { navigate } from '../lib/router';

/**
 * `/login`: bundle file + its password + a TOTP code. The bundle is opened in memory only;
 * neither it nor the password is stored anywhere. The SDK's `login` proves possession of the
 * bundle's signing key over a fresh challenge.
 */
export function LoginPage() {
  const [bundle, setBundle] = createSignal<SecBundle>();
  const [password, setPassword] = createSignal('');
  const [code, setCode] = createSignal('');
  const [progress, setProgress] = createSignal<string>();
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  const pick = async (input: HTMLInputElement) => {
    setError(undefined);
    setBundle(undefined);
    const file = input.files?.[0];
    if (!file) return;
    try {
      setBundle(await readBundleFile(file));
    } catch (e) {
      setError(describeError(e));
    }
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const picked = bundle();
    if (!picked) {
      setError('Choose your .sec.json bundle file first.');
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      setProgress('Opening your bundle…');
      const contents = await openBundle(picked, { username: picked.aad.username, password: password() });
      setProgress('Signing in…');
      await login(client, contents, code().trim());
      navigate('/me');
    } catch (e) {
      setProgress(undefined);
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main>
      <h1>Sign in</h1>
      <form onSubmit={(e) => void submit(e)}>
        <label for="login-bundle">Your key bundle (.sec.json)</label>
        <input id="login-bundle" type="file" accept=".json,application/json" required onChange={(e) => void pick(e.currentTarget)} />
        <Show when={bundle()}>
          {(picked) => (
            <p>
              Signing in as <strong id="login-username">{picked().aad.username}</strong>.
            </p>
          )}
        </Show>
        <label for="login-password">Bundle password</label>
        <input
          id="login-password"
          type="password"
          autocomplete="current-password"
          required
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        <label for="login-code">Code from your authenticator</label>
        <input
          id="login-code"
          required
          inputmode="numeric"
          pattern="[0-9]{6}"
          autocomplete="one-time-code"
          onInput={(e) => setCode(e.currentTarget.value)}
        />
        <button type="submit" disabled={busy()}>
          Sign in
        </button>
        <FormStatus progress={progress()} error={error()} />
      </form>
      <p>
        No account yet? <Link href="/register">Create one</Link>. Need a new bundle password? <Link href="/passport">Change it</Link>.
      </p>
    </main>
  );
}
