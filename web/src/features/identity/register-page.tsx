import { registerAccount, type NewAccount, type RegisterStep, type SeccamClient } from '@seccam/device';
import type { BundleContents, Role } from '@seccam/pki';
import { USERNAME_HTML_PATTERN, USERNAME_RULE } from '@seccam/schema';
import { createSignal, Show } from 'solid-js';
import { FormStatus } from '../../components/form-status';
import { createFormTask } from '../../lib/form-task';
import { useSession } from './session';
import { RegisterBundleStep } from './register-bundle-step';

/** What the account step hands to the next: the unencrypted bundle contents and the TOTP enrolment. */
export interface Enrolment {
  readonly contents: BundleContents;
  readonly totpUri: string;
  readonly totpSecret: string;
}

interface AccountFields {
  username: string;
  email: string;
  role: Role;
  fullName: string;
  organisation: string;
  country: string;
}

const PROGRESS: Readonly<Record<RegisterStep, string>> = {
  keys: 'Generating your keys (the RSA-3072 key takes a second or two)…',
  register: 'Registering with the server…',
};

function newAccount(fields: AccountFields): NewAccount {
  const { username, email } = fields;
  if (fields.role === 'driver') return { username, email, role: 'driver' };
  return { username, email, role: 'dispatcher', fullName: fields.fullName, organisation: fields.organisation, country: fields.country };
}

/**
 * The SDK's registration: keys are made here, in the browser; only the two CSRs go to the
 * server. The result lives in memory until it is sealed into the bundle.
 */
async function enrol(client: SeccamClient, fields: AccountFields, onProgress: (text: string) => void): Promise<Enrolment> {
  const registered = await registerAccount(client, newAccount(fields), {
    onProgress: (step) => {
      onProgress(PROGRESS[step]);
    },
  });
  return { contents: registered.contents, totpUri: registered.registration.totpUri, totpSecret: registered.totpSecret };
}

/** `/register`: create an account, its keys, its authenticator and its bundle. */
export default function RegisterPage() {
  const session = useSession();
  const [fields, setFields] = createSignal<AccountFields>({
    username: '',
    email: '',
    role: 'driver',
    fullName: '',
    organisation: '',
    country: '',
  });
  const task = createFormTask();
  const [enrolment, setEnrolment] = createSignal<Enrolment>();
  const set = (key: keyof AccountFields) => (e: { currentTarget: HTMLInputElement | HTMLSelectElement }) => {
    const value = key === 'country' ? e.currentTarget.value.toUpperCase() : e.currentTarget.value;
    setFields((f) => ({ ...f, [key]: value }));
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    await task.run(async () => {
      setEnrolment(await enrol(session.client, fields(), task.setProgress));
    });
  };

  return (
    <>
      <h1>Create an account</h1>
      <Show
        when={enrolment()}
        fallback={
          <form class="card" onSubmit={(e) => void submit(e)}>
            <p>
              Your keys are made in this browser. Only certificate requests go to the server; your private keys end up in a
              password-protected bundle file that only you keep.
            </p>
            <label for="register-username">Username ({USERNAME_RULE})</label>
            <input id="register-username" required pattern={USERNAME_HTML_PATTERN} autocomplete="username" onInput={set('username')} />
            <label for="register-email">E-mail</label>
            <input id="register-email" type="email" required autocomplete="email" onInput={set('email')} />
            <label for="register-role">Role</label>
            <select id="register-role" onChange={set('role')}>
              <option value="driver">Driver: records and shares streams</option>
              <option value="dispatcher">Dispatcher: watches what drivers share</option>
            </select>
            <Show when={fields().role === 'dispatcher'}>
              <label for="register-full-name">Full name</label>
              <input id="register-full-name" required maxLength={64} autocomplete="name" onInput={set('fullName')} />
              <label for="register-organisation">Organisation</label>
              <input id="register-organisation" required maxLength={64} autocomplete="organization" onInput={set('organisation')} />
              <label for="register-country">Country (2-letter code, e.g. DE)</label>
              <input id="register-country" required pattern="[A-Za-z]{2}" maxLength={2} autocomplete="country" onInput={set('country')} />
            </Show>
            <button type="submit" class="primary" disabled={task.busy()}>
              Create account
            </button>
            <FormStatus progress={task.progress()} error={task.error()} />
          </form>
        }
      >
        {(current) => <RegisterBundleStep enrolment={current()} email={fields().email} />}
      </Show>
    </>
  );
}
