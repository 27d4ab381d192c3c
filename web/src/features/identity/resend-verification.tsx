import { resendVerificationEmail } from '@seccam/device';
import { createSignal } from 'solid-js';
import { FormStatus } from '../../components/form-status';
import { createFormTask } from '../../lib/form-task';
import { useSession } from './session';

/**
 * "Resend the verification e-mail" for an unfinished registration. The API answers the same
 * for every address and invalidates older links; it is rate limited (the error says when to
 * try again). A signed-in account is always verified, so this lives where a registration is
 * unfinished: the registration page.
 */
export function ResendVerification(props: { readonly email: string }) {
  const session = useSession();
  const task = createFormTask();
  const [sent, setSent] = createSignal<string>();
  const resend = async () => {
    setSent(undefined);
    await task.run(async () => {
      await resendVerificationEmail(session.client, props.email);
      setSent(`A new link is on its way to ${props.email}. Earlier links no longer work.`);
    });
  };
  return (
    <div class="resend">
      <button type="button" class="quiet" disabled={task.busy()} onClick={() => void resend()}>
        Resend the verification e-mail
      </button>
      <FormStatus progress={sent()} error={task.error()} />
    </div>
  );
}
