/**
 * Verifying a person ([Note: verified contacts], [Note: safety codes]): the pair's safety code to
 * read out, this user's QR code to be scanned, and three ways to confirm — the codes match, a
 * pasted or typed code or payload, or a scanned QR code. Drivers open it from the directory,
 * dispatchers from the recordings shared with them.
 */
import { contactCodes, verifyContact, type Contact } from '@seccam/device';
import { describeCertificate } from '@seccam/pki';
import { createResource, createSignal, Match, Show, Switch } from 'solid-js';
import { FormStatus } from '../../components/form-status';
import { LoadFailure } from '../../components/load-failure';
import { QrCode } from '../../components/qr-code';
import { createFormTask } from '../../lib/form-task';
import { formatDateTime } from '../../lib/format';
import { requireIdentity } from '../../lib/require-identity';
import { useSession } from '../identity/session';
import { canScanQr, QrScanner } from './contact-scanner';
import { contactsChanged } from './contact-status';
import './contacts.css';

/** When the certificate the server shows now was issued: the day it "changed", as far as anyone can tell. */
export async function certificateIssuedAt(certificatePem: string): Promise<Date> {
  return (await describeCertificate(certificatePem)).notBefore;
}

/** The warning sentence for a verified contact whose certificate changed. */
export function changedCertificateWarning(username: string, issuedAt: Date): string {
  return `@${username}’s certificate changed on ${formatDateTime(issuedAt)}: compare the new code before sharing.`;
}

/** The verify panel for `username` while one is chosen, nothing otherwise. */
export function ContactVerifyWhen(props: { readonly username: string | undefined; readonly onClose: () => void }) {
  return <Show when={props.username}>{(username) => <ContactVerifyPanel username={username()} onClose={props.onClose} />}</Show>;
}

export function ContactVerifyPanel(props: {
  readonly username: string;
  readonly onClose: () => void;
  readonly onVerified?: (contact: Contact) => void;
}) {
  const session = useSession();
  const task = createFormTask();
  const [typed, setTyped] = createSignal('');
  const [verified, setVerified] = createSignal<Contact>();
  const [codes, { refetch }] = createResource(
    () => props.username,
    async (username) => {
      const found = await contactCodes(session.client, requireIdentity(session), username);
      return { ...found, issuedAt: await certificateIssuedAt(found.peer.certificatePem) };
    },
  );

  const confirm = (text: string) =>
    task.run(async () => {
      task.setProgress('Checking against the certificate the server shows…');
      const contact = await verifyContact(session.client, requireIdentity(session), props.username, text);
      setVerified(contact);
      contactsChanged();
      props.onVerified?.(contact);
    });

  return (
    <section class="contact-verify card" aria-labelledby="contact-verify-heading" id="contact-verify">
      <h2 id="contact-verify-heading">Verify @{props.username}</h2>
      <Switch>
        <Match when={codes.error as unknown}>
          {(error) => <LoadFailure what={`@${props.username}’s certificate`} error={error()} onRetry={() => void refetch()} />}
        </Match>
        <Match when={codes.loading}>
          <p role="status">Checking @{props.username}’s certificate…</p>
        </Match>
        <Match when={codes()}>
          {(found) => (
            <Show
              when={verified()}
              fallback={
                <>
                  <Show when={found().check.status === 'changed'}>
                    <p class="warning" role="alert" id="contact-changed-warning">
                      {changedCertificateWarning(props.username, found().issuedAt)}
                    </p>
                  </Show>
                  <Show when={found().check.status === 'verified'}>
                    <p class="notice ok">You verified @{props.username}; comparing again does no harm.</p>
                  </Show>
                  <p>
                    Read this safety code to each other, in person or on a call. It covers both your certificates: every digit must be the
                    same on @{props.username}’s screen.
                  </p>
                  <p class="safety-code" id="safety-code">
                    {found().safetyCode}
                  </p>
                  <div class="actions">
                    <button type="button" class="button primary" disabled={task.busy()} onClick={() => void confirm(found().safetyCode)}>
                      The codes match
                    </button>
                    <button
                      type="button"
                      class="quiet"
                      disabled={task.busy()}
                      onClick={() => {
                        props.onClose();
                      }}
                    >
                      Not now
                    </button>
                  </div>
                  <form
                    class="contact-paste"
                    onSubmit={(event) => {
                      event.preventDefault();
                      void confirm(typed());
                    }}
                  >
                    <label for="contact-code-input">Or paste the code or QR text @{props.username} sent you in person</label>
                    <input
                      id="contact-code-input"
                      autocomplete="off"
                      spellcheck={false}
                      placeholder="12345 67890 … or seccam-contact:1:…"
                      onInput={(e) => setTyped(e.currentTarget.value)}
                    />
                    <button type="submit" disabled={task.busy() || typed().trim() === ''}>
                      Check
                    </button>
                  </form>
                  <Show when={canScanQr()}>
                    <QrScanner onPayload={(text) => void confirm(text)} />
                  </Show>
                  <details class="contact-qr">
                    <summary>Show my QR code for @{props.username} to scan</summary>
                    <QrCode value={found().ownPayload} label={`Your SecCam contact code: ${found().ownPayload}`} />
                    <code class="contact-payload">{found().ownPayload}</code>
                  </details>
                  <FormStatus progress={task.progress()} error={task.error()} />
                </>
              }
            >
              {(contact) => (
                <>
                  <p class="notice ok" role="status" id="contact-verified">
                    @{contact().username} is verified. SecCam will ask you before using any other certificate in their name.
                  </p>
                  <button
                    type="button"
                    class="quiet"
                    onClick={() => {
                      props.onClose();
                    }}
                  >
                    Done
                  </button>
                </>
              )}
            </Show>
          )}
        </Match>
      </Switch>
    </section>
  );
}
