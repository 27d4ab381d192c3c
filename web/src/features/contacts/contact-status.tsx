/**
 * What this browser remembers about a person's certificate ([Note: verified contacts] in the
 * SDK): verified, changed since, or never verified. One signal counts changes to the record so
 * every badge on the page follows a verification made in a panel elsewhere.
 */
import { checkContactCertificate, type ContactCheck } from '@seccam/device';
import { createResource, createSignal, Match, Switch, type Resource } from 'solid-js';
import { useSession } from '../identity/session';

const [contactsVersion, setContactsVersion] = createSignal(0);

/** Tells every contact badge and check on the page that the record changed. */
export function contactsChanged(): void {
  setContactsVersion((v) => v + 1);
}

/** The contact check of `username`'s certificate `certificatePem` for the signed-in user, kept current. */
export function createContactCheck(username: () => string, certificatePem: () => string): Resource<ContactCheck> {
  const session = useSession();
  return createResource(
    () => ({ owner: session.identity()?.username ?? '', username: username(), pem: certificatePem(), version: contactsVersion() }),
    ({ owner, username: name, pem }) => checkContactCertificate(session.client.contacts, owner, name, pem),
  )[0];
}

/** "Verified", "Certificate changed" or nothing, beside a person's name. */
export function ContactBadge(props: { readonly username: string; readonly certificatePem: string }) {
  const check = createContactCheck(
    () => props.username,
    () => props.certificatePem,
  );
  return (
    <Switch>
      <Match when={check()?.status === 'verified'}>
        <span class="contact-badge verified" data-contact={props.username}>
          ✓ Verified
        </span>
      </Match>
      <Match when={check()?.status === 'changed'}>
        <span class="contact-badge changed" data-contact={props.username}>
          ⚠ Certificate changed
        </span>
      </Match>
    </Switch>
  );
}
