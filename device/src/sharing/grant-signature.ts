import { base64ToBytes, bytesToBase64, encodeGrantStatement, isBase64, type GrantStatementFields } from '@seccam/schema';
import { ecdsaSignParams } from '@seccam/pki';
import type { GrantInfo } from './grant-operations.ts';

// [Note: recipients need a grant the driver signed]
// The server lists a stream's recipients, but a recording client wraps a content key only to a
// dispatcher for whom it holds an active grant carrying its own signature over exactly that
// dispatcher, enc certificate serial and scope. A server that adds a recipient (even one with a
// genuine certificate) or redirects a grant to another certificate gets no key.

/** Signs the canonical grant statement with the driver's `sig` key: raw r||s, base64. */
export async function signGrantStatement(fields: GrantStatementFields, sigPrivateKey: CryptoKey): Promise<string> {
  const signature = await crypto.subtle.sign(ecdsaSignParams(), sigPrivateKey, new Uint8Array(encodeGrantStatement(fields)));
  return bytesToBase64(new Uint8Array(signature));
}

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
  if (!isBase64(grant.signatureB64)) return false;
  const signature = base64ToBytes(grant.signatureB64);
  if (signature.byteLength !== 64) return false;
  let statement: Uint8Array;
  try {
    statement = encodeGrantStatement(grantStatementOf(grant));
  } catch {
    return false; // a field the statement format refuses cannot carry a valid signature
  }
  return crypto.subtle.verify(ecdsaSignParams(), driverSigPublicKey, new Uint8Array(signature), new Uint8Array(statement));
}

/** True if an active, unexpired grant covers `streamId` at `now`. */
export function grantCovers(grant: GrantInfo, streamId: string, now = Date.now()): boolean {
  if (!grant.active || grant.revokedAt !== null) return false;
  if (grant.expiresAt !== null && Date.parse(grant.expiresAt) <= now) return false;
  return grant.scope === 'all' || grant.streamIds.includes(streamId);
}
