import { confirmTotp, sealBundle } from '@seccam/device';
import { createSignal, Show } from 'solid-js';
import { DownloadLink } from '../../components/download-link';
import { FormStatus } from '../../components/form-status';
import { A } from '@solidjs/router';
import { NewPasswordFields } from '../../components/new-password-fields';
import { describeError } from '../../lib/api-error';
import { useSession } from './session';
import { bundleDownload, passwordProblem, type DownloadFile } from '../../lib/bundle-file';
import type { Enrolment } from './register-page';
import { TotpCodeInput } from '../../components/totp-code-input';

export interface RegisterBundleStepProps {
  readonly enrolment: Enrolment;
  readonly email: string;
}

/** After registering: add the authenticator, seal and download the bundle, confirm a first code. */
export function RegisterBundleStep(props: RegisterBundleStepProps) {
  const session = useSession();
  const [password, setPassword] = createSignal('');
  const [repeat, setRepeat] = createSignal('');
  const [progress, setProgress] = createSignal<string>();
  const [error, setError] = createSignal<string>();
  const [download, setDownload] = createSignal<DownloadFile>();
  const [code, setCode] = createSignal('');
  const [confirmError, setConfirmError] = createSignal<string>();
  const [confirmed, setConfirmed] = createSignal(false);
  const username = () => props.enrolment.contents.username;

  const seal = async (event: SubmitEvent) => {
    event.preventDefault();
    const problem = passwordProblem(password(), repeat());
    setError(problem);
    if (problem) return;
    setProgress('Encrypting your bundle…');
    try {
      const bundle = await sealBundle(props.enrolment.contents, password());
      setDownload(bundleDownload(bundle));
      setProgress(undefined);
    } catch (e) {
      setProgress(undefined);
      setError(describeError(e));
    }
  };

  const confirm = async (event: SubmitEvent) => {
    event.preventDefault();
    setConfirmError(undefined);
    try {
      await confirmTotp(session.client, username(), code().trim());
      setConfirmed(true);
    } catch (e) {
      setConfirmError(describeError(e));
    }
  };

  return (
    <>
      <p role="status">
        Account <strong>{username()}</strong> created.
      </p>
      <p class="notice">
        We sent a verification link to {props.email}. Open it before you sign in: signing in needs a verified e-mail address.
      </p>
      <section aria-labelledby="authenticator-heading">
        <h2 id="authenticator-heading">1. Add SecCam to your authenticator app</h2>
        <p>Enter this secret in your authenticator app (time-based, 6 digits, 30 seconds). It is shown only now.</p>
        <p>
          Secret:{' '}
          <code id="totp-secret" class="secret">
            {props.enrolment.totpSecret}
          </code>
        </p>
        <p>
          Or the full setup URI:{' '}
          <code id="totp-uri" class="secret">
            {props.enrolment.totpUri}
          </code>
        </p>
      </section>
      <section aria-labelledby="bundle-heading">
        <h2 id="bundle-heading">2. Save your key bundle</h2>
        <p class="warning">
          Your private keys exist only in this bundle file. If you lose the file or forget its password, the account is lost: nobody, not
          even SecCam, can recover it.
        </p>
        <Show
          when={download()}
          fallback={
            <form onSubmit={(e) => void seal(e)}>
              <NewPasswordFields id="bundle" label="Bundle password" onPassword={setPassword} onRepeat={setRepeat} />
              <button type="submit">Create bundle</button>
              <FormStatus progress={progress()} error={error()} />
            </form>
          }
        >
          {(file) => (
            <p>
              <DownloadLink file={file()} />
            </p>
          )}
        </Show>
      </section>
      <Show when={download()}>
        <section aria-labelledby="confirm-heading">
          <h2 id="confirm-heading">3. Confirm your authenticator</h2>
          <Show
            when={!confirmed()}
            fallback={
              <p role="status">
                Authenticator confirmed. Once your e-mail is verified, <A href="/login">sign in</A>.
              </p>
            }
          >
            <form onSubmit={(e) => void confirm(e)}>
              <TotpCodeInput id="confirm-code" label="Current code from your authenticator" onInput={setCode} />
              <button type="submit">Confirm</button>
              <FormStatus error={confirmError()} />
            </form>
          </Show>
        </section>
      </Show>
    </>
  );
}
