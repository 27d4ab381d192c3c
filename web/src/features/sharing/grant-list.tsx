import { revokeGrant, type GrantInfo } from '@seccam/device';
import { For, Show } from 'solid-js';
import { ConfirmDialog, createConfirmation } from '../../components/confirm-dialog';
import { formatDateTime } from '../../lib/format';
import { requireIdentity } from '../../lib/require-identity';
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
  const revoke = createConfirmation<GrantInfo>(async (grant) => {
    props.onRevoked(await revokeGrant(session.client, requireIdentity(session), grant.id));
  }, 'Nothing was revoked; try again.');

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
                    revoke.ask(grant);
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
        open={revoke.subject() !== undefined}
        title={`Stop sharing with @${revoke.subject()?.dispatcher ?? ''}?`}
        confirmLabel="Revoke access"
        danger
        busy={revoke.busy()}
        error={revoke.error()}
        onConfirm={() => void revoke.confirm()}
        onCancel={() => {
          revoke.cancel();
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
