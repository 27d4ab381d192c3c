import { login } from '@seccam/device';
import { openBundle } from '@seccam/pki';
import { createSignal, Show } from 'solid-js';
import { FormStatus } from '../components/form-status';
import { Link } from '../components/link';
import { TotpCodeInput } from '../components/totp-code-input';
import { client } from '../lib/client';
import { createBundlePicker, createFormTask } from '../lib/form-task';
import { navigate } from '../lib/router';

/**
 * `/login`: bundle file + its password + a TOTP code. The bundle is opened in memory only;
 * neither it nor the password is stored anywhere. The SDK's `login` proves possession of the
 * bundle's signing key over a fresh challenge.
 */
export function LoginPage() {
  const [password, setPassword] = createSignal('');
  const [code, setCode] = createSignal('');
  const task = createFormTask();
  const { bundle, pick } = createBundlePicker(task);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const picked = bundle();
    if (!picked) {
      task.setError('Choose your .sec.json bundle file first.');
      return;
    }
    await task.run(async () => {
      task.setProgress('Opening your bundle…');
      const contents = await openBundle(picked, { username: picked.aad.username, password: password() });
      task.setProgress('Signing in…');
      await login(client, contents, code().trim());
      navigate('/me');
    });
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
        <TotpCodeInput id="login-code" label="Code from your authenticator" onInput={setCode} />
        <button type="submit" disabled={task.busy()}>
          Sign in
        </button>
        <FormStatus progress={task.progress()} error={task.error()} />
      </form>
      <p>
        No account yet? <Link href="/register">Create one</Link>. Need a new bundle password? <Link href="/passport">Change it</Link>.
      </p>
    </main>
  );
}
