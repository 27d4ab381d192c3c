import { createGrant, fetchMyStreams, isContactError, type ContactChange, type CreatedGrant, type DispatcherInfo } from '@seccam/device';
import type { GrantScope } from '@seccam/schema';
import { createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { FormStatus } from '../../components/form-status';
import { createFormTask } from '../../lib/form-task';
import { useSession } from '../identity/session';
import { VerificationCode } from './dispatcher-directory';
import { formatDateTime } from '../../lib/format';
import { requireIdentity } from '../../lib/require-identity';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ContactBadge, contactsChanged } from '../contacts/contact-status';
import { certificateIssuedAt, changedCertificateWarning } from '../contacts/contact-verify';

/** The end of the chosen day, local time, or an error sentence. */
function expiryOf(day: string, now: Date): Date | string | null {
  if (day === '') return null;
  const end = new Date(`${day}T23:59:59`);
  if (Number.isNaN(end.getTime())) return 'Choose a valid end date, or leave it empty.';
  if (end <= now) return 'The end date has passed: choose a later day, or leave it empty for no end.';
  return end;
}

/** Says what a grant shared, including keys it could not share and why. */
function SharedSummary(props: { readonly created: CreatedGrant }) {
  return (
    <div class="notice ok" role="status" id="grant-created">
      <p>
        Shared with <strong>{props.created.grant.dispatcher}</strong>: {props.created.shared.length} key
        {props.created.shared.length === 1 ? '' : 's'} of your existing recordings wrapped to their certificate. New recordings are shared
        as you record{props.created.grant.scope === 'all' ? '' : ', if you selected them'}.
      </p>
      <Show when={props.created.skipped.length > 0}>
        <p class="warning">
          {props.created.skipped.length} key(s) could not be shared:{' '}
          {props.created.skipped.map((s) => `epoch ${s.epoch} of ${s.streamId.slice(0, 8)} (${s.reason})`).join('; ')}
        </p>
      </Show>
    </div>
  );
}

/**
 * Shares with one dispatcher: all recordings (also future ones) or selected ones, optionally until
 * a day. The SDK checks the dispatcher's certificate against the bundle's pinned root, signs the
 * grant with the driver's key, and wraps the existing epoch keys to the dispatcher.
 */
export function GrantForm(props: {
  readonly dispatcher: DispatcherInfo;
  readonly onShared: (created: CreatedGrant) => void;
  readonly onClose: () => void;
  /** Opens the safety-code comparison for `username` ([Note: verified contacts]). */
  readonly onVerify: (username: string) => void;
}) {
  const session = useSession();
  // A verified dispatcher whose certificate changed: the SDK refused, and the user must decide.
  const [changed, setChanged] = createSignal<{ change: ContactChange; issuedAt: Date }>();
  const task = createFormTask();
  const [scope, setScope] = createSignal<GrantScope>('all');
  const [selected, setSelected] = createSignal<ReadonlySet<string>>(new Set());
  const [day, setDay] = createSignal('');
  const [created, setCreated] = createSignal<CreatedGrant>();
  const [streams] = createResource(() => fetchMyStreams(session.client));

  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected());
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };

  const submit = async (event: SubmitEvent | undefined, acceptChangedCertificate?: string) => {
    event?.preventDefault();
    const expiresAt = expiryOf(day(), new Date());
    if (typeof expiresAt === 'string') {
      task.setError(expiresAt);
      return;
    }
    if (scope() === 'streams' && selected().size === 0) {
      task.setError('Select at least one recording, or share all of them.');
      return;
    }
    await task.run(async () => {
      task.setProgress('Checking the certificate, signing the grant and wrapping your keys…');
      let result: CreatedGrant;
      try {
        result = await createGrant(session.client, requireIdentity(session), {
          dispatcher: props.dispatcher.username,
          scope: scope(),
          ...(scope() === 'streams' ? { streamIds: [...selected()] } : {}),
          expiresAt,
          ...(acceptChangedCertificate === undefined ? {} : { acceptChangedCertificate }),
        });
      } catch (error) {
        if (!isContactError(error, 'CERTIFICATE_CHANGED') || error.change === undefined) throw error;
        setChanged({ change: error.change, issuedAt: await certificateIssuedAt(error.change.certificatePem) });
        return;
      }
      if (acceptChangedCertificate !== undefined) contactsChanged();
      setCreated(result);
      props.onShared(result);
    });
  };

  return (
    <section class="grant-form card" aria-labelledby="grant-form-heading">
      <h2 id="grant-form-heading">
        Share with {props.dispatcher.fullName} ({props.dispatcher.organisation})
      </h2>
      <p>
        Verification code of <strong>@{props.dispatcher.username}</strong>:{' '}
        <VerificationCode certificatePem={props.dispatcher.encCertificatePem} />{' '}
        <ContactBadge username={props.dispatcher.username} certificatePem={props.dispatcher.encCertificatePem} />
      </p>
      <ConfirmDialog
        open={changed() !== undefined}
        title={`@${props.dispatcher.username}’s certificate changed`}
        confirmLabel="Compare the new code"
        onConfirm={() => {
          setChanged(undefined);
          props.onVerify(props.dispatcher.username);
        }}
        onCancel={() => {
          setChanged(undefined);
        }}
      >
        <Show when={changed()}>
          {(pending) => (
            <>
              <p class="warning" id="certificate-changed-warning">
                {changedCertificateWarning(props.dispatcher.username, pending().issuedAt)}
              </p>
              <p>
                You verified @{props.dispatcher.username} on {formatDateTime(pending().change.verifiedAt)}. The server now shows another
                certificate in their name. If they did not get a new one, someone else may be trying to receive your video: nothing was
                shared.
              </p>
              <button
                type="button"
                class="danger quiet"
                id="share-anyway"
                onClick={() => {
                  const fingerprint = pending().change.currentFingerprintHex;
                  setChanged(undefined);
                  void submit(undefined, fingerprint);
                }}
              >
                Share anyway, without comparing
              </button>
            </>
          )}
        </Show>
      </ConfirmDialog>
      <Show
        when={created()}
        fallback={
          <form onSubmit={(e) => void submit(e)}>
            <fieldset>
              <legend>What may they watch?</legend>
              <label class="choice">
                <input type="radio" name="grant-scope" value="all" checked={scope() === 'all'} onChange={() => setScope('all')} />
                All my recordings, including future ones
              </label>
              <label class="choice">
                <input
                  type="radio"
                  name="grant-scope"
                  value="streams"
                  checked={scope() === 'streams'}
                  onChange={() => setScope('streams')}
                />
                Only the recordings I select
              </label>
            </fieldset>
            <Show when={scope() === 'streams'}>
              <fieldset>
                <legend>Recordings</legend>
                <Switch>
                  <Match when={streams.error as unknown}>
                    <p role="alert" class="error">
                      Your recordings could not be loaded. Share all of them, or try again later.
                    </p>
                  </Match>
                  <Match when={streams.loading}>
                    <p role="status">Loading your recordings…</p>
                  </Match>
                  <Match when={streams()?.length === 0}>
                    <p class="empty">You have no recordings yet. Share all of them to include the ones you record later.</p>
                  </Match>
                  <Match when={streams()}>
                    {(list) => (
                      <For each={list()}>
                        {(stream) => (
                          <label class="choice">
                            <input
                              type="checkbox"
                              value={stream.id}
                              onChange={(e) => {
                                toggle(stream.id, e.currentTarget.checked);
                              }}
                            />
                            {stream.title === '' ? 'Untitled recording' : stream.title} ·{' '}
                            {formatDateTime(stream.startedAt ?? stream.createdAt)}
                          </label>
                        )}
                      </For>
                    )}
                  </Match>
                </Switch>
              </fieldset>
            </Show>
            <label for="grant-expiry">Ends after (optional)</label>
            <input id="grant-expiry" type="date" onInput={(e) => setDay(e.currentTarget.value)} />
            <p class="hint">Leave empty to share until you revoke. Access ends at the end of the chosen day, your local time.</p>
            <div class="actions">
              <button type="submit" class="button primary" disabled={task.busy()}>
                Share
              </button>
              <button
                type="button"
                class="quiet"
                disabled={task.busy()}
                onClick={() => {
                  props.onClose();
                }}
              >
                Cancel
              </button>
            </div>
            <FormStatus progress={task.progress()} error={task.error()} />
          </form>
        }
      >
        {(result) => (
          <>
            <SharedSummary created={result()} />
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
    </section>
  );
}
