import { A, useBeforeLeave } from '@solidjs/router';
import { confirmTotp, sealBundle } from '@seccam/device';
import { createSignal, onCleanup, Show } from 'solid-js';
import { DownloadLink } from '../../components/download-link';
import { FormStatus } from '../../components/form-status';
import { NewPasswordFields } from '../../components/new-password-fields';
import { QrCode } from '../../components/qr-code';
import { TotpCodeInput } from '../../components/totp-code-input';
import { describeError } from '../../lib/api-error';
import { bundleDownload, passwordProblem, type DownloadFile } from '../../lib/bundle-file';
import type { Enrolment } from './register-page';
import { ResendVerification } from './resend-verification';
import { useSession } from './session';

export interface RegisterBundleStepProps {
  readonly enrolment: Enrolment;
  readonly email: string;
}

const LEAVE_WARNING = 'Your key bundle is not saved yet. If you leave now, the account cannot be used. Leave anyway?';

/**
 * Keeps the user on the page until `saved()`: the browser asks before a reload or closing the
 * tab (beforeunload), and the router asks before an in-app navigation.
 */
function guardUnsaved(saved: () => boolean): void {
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (saved()) return;
    event.preventDefault();
  };
  window.addEventListener('beforeunload', onBeforeUnload);
  onCleanup(() => {
    window.removeEventListener('beforeunload', onBeforeUnload);
  });
  useBeforeLeave((event) => {
    if (saved() || event.defaultPrevented) return;
    event.preventDefault();
    if (window.confirm(LEAVE_WARNING)) event.retry(true);
  });
}

/**
 * After registering: add the authenticator (QR code or link), seal and download the bundle, then
 * confirm a first code. [Note: no account without its bundle]: the confirm step appears only once
 * the bundle has been downloaded, and leaving before that asks first, because the private keys
 * exist nowhere else.
 */
export function RegisterBundleStep(props: RegisterBundleStepProps) {
  const session = useSession();
  const [password, setPassword] = createSignal('');
  const [repeat, setRepeat] = createSignal('');
  const [progress, setProgress] = createSignal<string>();
  const [error, setError] = createSignal<string>();
  const [download, setDownload] = createSignal<DownloadFile>();
  const [downloaded, setDownloaded] = createSignal(false);
  const [code, setCode] = createSignal('');
  const [confirmError, setConfirmError] = createSignal<string>();
  const [confirmed, setConfirmed] = createSignal(false);
  const username = () => props.enrolment.contents.username;
  guardUnsaved(downloaded);

  const seal = async (event: SubmitEvent) => {
    event.preventDefault();
    const problem = passwordProblem(password(), repeat(), username());
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
      <p role="status" class="ok">
        Account <strong>{username()}</strong> created.
      </p>
      <p class="notice">
        We sent a verification link to {props.email}. Open it before you sign in: signing in needs a verified e-mail address. An account
        whose e-mail and authenticator are not confirmed within 24 hours is removed.
      </p>
      <ResendVerification email={props.email} />
      <section class="card step-card" aria-labelledby="authenticator-heading">
        <h2 id="authenticator-heading">1. Add SecCam to your authenticator app</h2>
        <div class="authenticator">
          <QrCode value={props.enrolment.totpUri} label={`QR code of the authenticator setup for ${username()}`} />
          <div>
            <p>Scan the code with your authenticator app (time-based, 6 digits, 30 seconds). It is shown only now.</p>
            <p>
              On this phone? <a href={props.enrolment.totpUri}>Open it in your authenticator app</a>.
            </p>
            <p>
              Or type the secret:{' '}
              <code id="totp-secret" class="secret">
                {props.enrolment.totpSecret}
              </code>
            </p>
            <details>
              <summary>Show the full setup URI</summary>
              <code id="totp-uri" class="secret">
                {props.enrolment.totpUri}
              </code>
            </details>
          </div>
        </div>
      </section>
      <section class="card step-card" aria-labelledby="bundle-heading">
        <h2 id="bundle-heading">2. Save your key bundle</h2>
        <p class="warning">
          Your private keys exist only in this bundle file. If you lose the file or forget its password, the account is lost: nobody, not
          even SecCam, can recover it.
        </p>
        <Show
          when={download()}
          fallback={
            <form onSubmit={(e) => void seal(e)}>
              <NewPasswordFields id="bundle" label="Bundle password" username={username()} onPassword={setPassword} onRepeat={setRepeat} />
              <button type="submit" class="primary">
                Create bundle
              </button>
              <FormStatus progress={progress()} error={error()} />
            </form>
          }
        >
          {(file) => (
            <>
              <p>
                <DownloadLink file={file()} onDownload={() => setDownloaded(true)} />
              </p>
              <Show when={!downloaded()}>
                <p class="hint" id="download-first">
                  Download the bundle to continue. Keep it somewhere safe, and a copy elsewhere.
                </p>
              </Show>
            </>
          )}
        </Show>
      </section>
      <Show when={downloaded()}>
        <section class="card step-card" aria-labelledby="confirm-heading">
          <h2 id="confirm-heading">3. Confirm your authenticator</h2>
          <Show
            when={!confirmed()}
            fallback={
              <p role="status" class="ok">
                Authenticator confirmed. Once your e-mail is verified, <A href="/login">sign in</A>.
              </p>
            }
          >
            <form onSubmit={(e) => void confirm(e)}>
              <TotpCodeInput id="confirm-code" label="Current code from your authenticator" onInput={setCode} />
              <button type="submit" class="primary">
                Confirm
              </button>
              <FormStatus error={confirmError()} />
            </form>
          </Show>
        </section>
      </Show>
    </>
  );
}
