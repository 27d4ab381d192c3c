import { MemoryListStore, type ListStore } from '../list-store.ts';

// [Note: a revocation the client keeps]
// The server marks a revoked grant with `revoked_at`; clearing that column would restore a
// dispatcher the driver revoked, and a client that trusted the server's list would wrap the
// next epoch keys to them again. So the driver's client keeps its own record: `revokeGrant`
// remembers the grant id once the server has accepted the revocation, and `publishEpoch` never
// wraps to a grant it remembers, whatever the server lists. Grant ids are random UUIDs, so a
// later grant to the same dispatcher (sharing again on purpose) has a new id and is not
// affected. The record is public data (no key); the CLI keeps it beside its session file, a
// browser in IndexedDB. A device that never saw the revocation does not know it: revoke again
// from there, or rotate keys from a device that does.

/** Where a client keeps the ids of grants its driver revoked ([Note: a revocation the client keeps]). */
export type RevokedGrantStore = ListStore<string>;

/** Remembers for this process only (the default). */
export class MemoryRevokedGrantStore extends MemoryListStore<string> {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A list of lowercase grant ids, as the stores keep it. */
export function isGrantIdList(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((id) => typeof id === 'string' && UUID.test(id));
}

/** Adds `grantId` to the store's record (idempotent). */
export async function rememberRevokedGrant(store: RevokedGrantStore, grantId: string): Promise<void> {
  const id = grantId.toLowerCase();
  const known = await store.load();
  if (!known.includes(id)) await store.save([...known, id]);
}
