import { revokeGrant, type GrantInfo } from '@seccam/device';
import { createSignal, For, Show } from 'solid-js';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { describeError } from '../../lib/api-error';
import { formatDateTime } from '../../lib/format';
import { useSession } from '../identity/session';

function scopeText(grant: GrantInfo): string {
  if (grant.scope === 'all') return 'All recordings, also future ones';
  return grant.streamIds.length === 1 ? '1 selected recording' : `${grant.streamIds.length} selected recordings`;
}

/**
 * The driver's active grants, each with a revoke button that asks first. Revoking signs a
 * `seccam-grant-revocation/v1` statement with the driver's key (the SDK does it), so a stolen
 * session cookie alone cannot revoke — nor can it be undone by one.
 */
export function GrantList(props: { readonly grants: readonly GrantInfo[]; readonly onRevoked: (grant: GrantInfo) => void }) {
  const session = useSession();
  const [pending, setPending] = createSignal<GrantInfo>();
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();

  const confirm = async () => {
    const grant = pending();
    const identity = session.identity();
    if (grant === undefined) return;
    if (identity === undefined) {
      setError('Your keys are no longer open in this tab: sign in again, then revoke.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const revoked = await revokeGrant(session.client, identity, grant.id);
      setPending(undefined);
      props.onRevoked(revoked);
    } catch (e) {
      setError(`${describeError(e)} Nothing was revoked; try again.`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Show
        when={props.grants.length > 0}
        fallback={
          <p class="empty" id="grants-empty">
            You share with nobody. Find a dispatcher above to let them watch.
          </p>
        }
      >
        <ul class="grant-list">
          <For each={props.grants}>
            {(grant) => (
              <li class="grant card" data-grant-id={grant.id}>
                <div class="grant-who">
                  <span class="grant-dispatcher">@{grant.dispatcher}</span>
                  <span class="grant-org">{grant.dispatcherOrganisation}</span>
                </div>
                <dl class="grant-facts">
                  <dt>Shares</dt>
                  <dd>{scopeText(grant)}</dd>
                  <dt>Since</dt>
                  <dd>{formatDateTime(grant.createdAt)}</dd>
                  <dt>Until</dt>
                  <dd>{grant.expiresAt === null ? 'you revoke it' : formatDateTime(grant.expiresAt)}</dd>
                </dl>
                <button
                  type="button"
                  class="danger"
                  onClick={() => {
                    setError(undefined);
                    setPending(grant);
                  }}
                >
                  Revoke @{grant.dispatcher}
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <ConfirmDialog
        open={pending() !== undefined}
        title={`Stop sharing with @${pending()?.dispatcher ?? ''}?`}
        confirmLabel="Revoke access"
        danger
        busy={busy()}
        error={error()}
        onConfirm={() => void confirm()}
        onCancel={() => {
          setPending(undefined);
        }}
      >
        <p>
          Their live view ends at once, their keys are deleted from the server, and a live recording switches to a new key they never get.
        </p>
        <p>What they already watched or downloaded stays with them.</p>
      </ConfirmDialog>
    </>
  );
}
