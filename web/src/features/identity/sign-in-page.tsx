import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { openBundle } from '@seccam/pki';
import { createSignal, Show } from 'solid-js';
import { FormStatus } from '../../components/form-status';
import { PasswordInput } from '../../components/password-input';
import { TotpCodeInput } from '../../components/totp-code-input';
import { createBundlePicker, createFormTask } from '../../lib/form-task';
import { safeReturnPath } from '../../app/return-path';
import { useSession } from './session';

/**
 * `/login`: bundle file + its password + a TOTP code. The bundle is opened in memory only;
 * neither it nor the password is stored anywhere. The SDK's `login` proves possession of the
 * bundle's signing key over a fresh challenge; the session then holds the keys (in memory) and
 * the page returns to `?next=` (a path of this site) or the home page.
 */
export default function SignInPage() {
  const session = useSession();
  const navigate = useNavigate();
  const [search] = useSearchParams<{ next?: string }>();
  const [password, setPassword] = createSignal('');
  const [code, setCode] = createSignal('');
  const task = createFormTask();
  const { bundle, pick } = createBundlePicker(task);
  const returnPath = () => safeReturnPath(search.next);

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
      await session.signIn(contents, code().trim());
      navigate(returnPath(), { replace: true });
    });
  };

  return (
    <>
      <h1>Sign in</h1>
      <Show when={session.ended() === 'expired'}>
        <p class="notice" role="status">
          Your session ended. Sign in again to continue.
        </p>
      </Show>
      <Show when={returnPath() !== '/' && session.ended() !== 'expired'}>
        <p class="notice" role="status">
          Your keys are kept only while this tab is open. Sign in again to open <code>{returnPath()}</code>.
        </p>
      </Show>
      <form class="card" onSubmit={(e) => void submit(e)}>
        <label for="login-bundle">Your key bundle (.sec.json)</label>
        <input id="login-bundle" type="file" accept=".json,application/json" required onChange={(e) => void pick(e.currentTarget)} />
        <Show when={bundle()}>
          {(picked) => (
            <p class="hint">
              Signing in as <strong id="login-username">{picked().aad.username}</strong>.
            </p>
          )}
        </Show>
        <PasswordInput id="login-password" label="Bundle password" autocomplete="current-password" onInput={setPassword} />
        <TotpCodeInput id="login-code" label="Code from your authenticator" onInput={setCode} />
        <button type="submit" class="primary" disabled={task.busy()}>
          Sign in
        </button>
        <FormStatus progress={task.progress()} error={task.error()} />
      </form>
      <p>
        No account yet? <A href="/register">Create one</A>. Need a new bundle password? <A href="/passport">Change it</A>.
      </p>
    </>
  );
}
