import { repasswordBundle } from '@seccam/pki';
import { createSignal, Show } from 'solid-js';
import { DownloadLink } from '../../components/download-link';
import { FormStatus } from '../../components/form-status';
import { NewPasswordFields } from '../../components/new-password-fields';
import { PasswordInput } from '../../components/password-input';
import { bundleDownload, passwordProblem, type DownloadFile } from '../../lib/bundle-file';
import { createBundlePicker, createFormTask } from '../../lib/form-task';

/**
 * `/passport`: change a bundle's password. Entirely in this browser: no request is made, the
 * old file keeps working with the old password until you replace it.
 */
export default function PassportPage() {
  const [oldPassword, setOldPassword] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [repeat, setRepeat] = createSignal('');
  const [download, setDownload] = createSignal<DownloadFile>();
  const task = createFormTask();
  const { bundle, pick } = createBundlePicker(task, () => {
    setDownload(undefined);
  });

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const picked = bundle();
    const problem = picked ? passwordProblem(password(), repeat(), picked.aad.username) : 'Choose your .sec.json bundle file first.';
    task.setError(problem);
    if (problem || !picked) return;
    await task.run(async () => {
      task.setProgress('Re-encrypting your bundle…');
      const renewed = await repasswordBundle(picked, {
        username: picked.aad.username,
        oldPassword: oldPassword(),
        newPassword: password(),
      });
      setDownload(bundleDownload(renewed));
    });
  };

  return (
    <>
      <h1>Change your bundle password</h1>
      <p>
        This happens only in your browser: nothing is sent to the server. Download the new file and keep it in place of the old one; the old
        file still opens with the old password until you delete it.
      </p>
      <form class="card" onSubmit={(e) => void submit(e)}>
        <label for="passport-bundle">Your key bundle (.sec.json)</label>
        <input id="passport-bundle" type="file" accept=".json,application/json" required onChange={(e) => void pick(e.currentTarget)} />
        <PasswordInput id="passport-old" label="Current password" autocomplete="current-password" onInput={setOldPassword} />
        <NewPasswordFields
          id="passport-new"
          label="New password"
          username={bundle()?.aad.username ?? ''}
          onPassword={setPassword}
          onRepeat={setRepeat}
        />
        <button type="submit" class="primary">
          Re-encrypt
        </button>
        <FormStatus progress={task.progress()} error={task.error()} />
      </form>
      <Show when={download()}>
        {(file) => (
          <p role="status">
            Done. <DownloadLink file={file()} />
          </p>
        )}
      </Show>
    </>
  );
}
