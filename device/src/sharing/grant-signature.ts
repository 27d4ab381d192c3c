import type { GrantStatementFields } from '@seccam/schema';
import { verifyGrantSignature } from '@seccam/pki';
import type { GrantInfo } from './grant-operations.ts';

// [Note: recipients need a grant the driver signed]
// The server lists a stream's recipients, but a recording client wraps a content key only to a
// dispatcher for whom it holds an active grant carrying its own signature over exactly that
// dispatcher, enc certificate serial and scope. A server that adds a recipient (even one with a
// genuine certificate) or redirects a grant to another certificate gets no key.

/** The statement fields of a grant as returned by the server. */
export function grantStatementOf(grant: GrantInfo): GrantStatementFields {
  return {
    grantId: grant.id,
    driver: grant.driver,
    dispatcher: grant.dispatcher,
    dispatcherEncSerial: grant.dispatcherEncSerial,
    scope: grant.scope,
    streamIds: grant.streamIds,
    expiresAt: grant.expiresAt === null ? null : new Date(grant.expiresAt),
    createdAt: new Date(grant.createdAt),
  };
}

/** True if the grant's signature verifies with the driver's `sig` public key (false for any malformed grant). */
export async function isGrantSignedBy(grant: GrantInfo, driverSigPublicKey: CryptoKey): Promise<boolean> {
  return (await verifyGrantSignature(grantStatementOf(grant), grant.signatureB64, driverSigPublicKey)).ok;
}

/** True if an active, unexpired grant covers `streamId` at `now`. */
export function grantCovers(grant: GrantInfo, streamId: string, now = Date.now()): boolean {
  if (!grant.active || grant.revokedAt !== null) return false;
  if (grant.expiresAt !== null && Date.parse(grant.expiresAt) <= now) return false;
  return grant.scope === 'all' || grant.streamIds.includes(streamId);
}
