/**
 * Who may see a stream: its owner, or a dispatcher holding an active grant that covers it
 * (not revoked, not expired, and bound to an `enc` certificate that is itself unrevoked and
 * unexpired). Every read path — watch sockets, key queries, listings, subscription events —
 * asks here, so the rule lives in one place.
 */
import { and, eq, gt, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { certificates } from '../certificates/certificates.table.ts';
import type { UserRow } from '../users/users.table.ts';
import { epochKeys, grants, type GrantRow } from './sharing.table.ts';

export type Access =
  | { readonly ok: true; readonly as: 'owner' }
  | { readonly ok: true; readonly as: 'grantee'; readonly grant: GrantRow; readonly until: Date | null }
  | { readonly ok: false };

/** SQL condition: the grant is active now (joined with its certificate). */
export function activeGrantCondition(now: Date) {
  return and(
    isNull(grants.revokedAt),
    or(isNull(grants.expiresAt), gt(grants.expiresAt, now)),
    isNull(certificates.revokedAt),
    gt(certificates.notAfter, now),
  );
}

export function coversStream(streamId: string) {
  return or(eq(grants.scope, 'all'), sql`${streamId}::uuid = ANY(${grants.streamIds})`);
}

export class AccessPolicy {
  constructor(private readonly db: Db) {}

  async forStream(viewer: Pick<UserRow, 'id' | 'role'>, stream: { id: string; ownerId: string }, now = new Date()): Promise<Access> {
    if (viewer.id === stream.ownerId) return { ok: true, as: 'owner' };
    if (viewer.role !== 'dispatcher') return { ok: false };
    const rows = await this.db
      .select({ grant: grants })
      .from(grants)
      .innerJoin(certificates, eq(certificates.serialHex, grants.dispatcherEncSerial))
      .where(
        and(eq(grants.driverId, stream.ownerId), eq(grants.dispatcherId, viewer.id), coversStream(stream.id), activeGrantCondition(now)),
      );
    if (rows.length === 0) return { ok: false };
    // The longest-lived grant decides how long a socket may stay open.
    const grant = rows
      .map((r) => r.grant)
      .sort((a, b) => (b.expiresAt?.getTime() ?? Infinity) - (a.expiresAt?.getTime() ?? Infinity))[0] as GrantRow;
    return { ok: true, as: 'grantee', grant, until: grant.expiresAt };
  }

  /**
   * True when one of the owner's grants (or a grantee's certificate) was revoked, or a grant
   * expired, after the keys of the stream's current (or a newer, not yet used) epoch were
   * published: a recorder reconnecting after being offline missed the `rekey` and must rotate
   * before sealing more ([Note: grant expiry rotates]).
   */
  async revokedSinceEpoch(stream: { id: string; ownerId: string; lastEpoch: number | null }, now = new Date()): Promise<boolean> {
    if (stream.lastEpoch === null) return false;
    const [keys] = await this.db
      .select({ at: sql<Date | null>`max(${epochKeys.createdAt})` })
      .from(epochKeys)
      .where(and(eq(epochKeys.streamId, stream.id), gte(epochKeys.epoch, stream.lastEpoch)));
    // When each grant stopped: its revocation, or its expiry once that has passed.
    const [revoked] = await this.db
      .select({
        at: sql<Date | null>`max(least(${grants.revokedAt}, CASE WHEN ${grants.expiresAt} <= ${now.toISOString()}::timestamptz THEN ${grants.expiresAt} END))`,
      })
      .from(grants)
      .where(eq(grants.driverId, stream.ownerId));
    const keysAt = keys?.at ? new Date(keys.at).getTime() : 0;
    const revokedAt = revoked?.at ? new Date(revoked.at).getTime() : 0;
    return revokedAt > keysAt;
  }

  /** The earliest expiry after `after` of an unrevoked grant given by one of `driverIds`, or null. */
  async nextGrantExpiry(driverIds: readonly string[], after: Date): Promise<Date | null> {
    if (driverIds.length === 0) return null;
    const [row] = await this.db
      .select({ at: sql<Date | null>`min(${grants.expiresAt})` })
      .from(grants)
      .where(and(inArray(grants.driverId, [...driverIds]), isNull(grants.revokedAt), gt(grants.expiresAt, after)));
    return row?.at ? new Date(row.at) : null;
  }

  /** The drivers among `driverIds` with an unrevoked grant that expired in (`from`, `to`]. */
  async driversWithGrantsExpired(driverIds: readonly string[], from: Date, to: Date): Promise<string[]> {
    if (driverIds.length === 0) return [];
    const rows = await this.db
      .selectDistinct({ id: grants.driverId })
      .from(grants)
      .where(
        and(inArray(grants.driverId, [...driverIds]), isNull(grants.revokedAt), gt(grants.expiresAt, from), lte(grants.expiresAt, to)),
      );
    return rows.map((r) => r.id);
  }

  /** The dispatchers whose active grants cover the stream now (who to tell when it goes away). */
  async granteesOf(stream: { id: string; ownerId: string }, now = new Date()): Promise<string[]> {
    const rows = await this.db
      .selectDistinct({ id: grants.dispatcherId })
      .from(grants)
      .innerJoin(certificates, eq(certificates.serialHex, grants.dispatcherEncSerial))
      .where(and(eq(grants.driverId, stream.ownerId), coversStream(stream.id), activeGrantCondition(now)));
    return rows.map((r) => r.id);
  }

  /** Active grants a dispatcher holds (for listings and event filtering). */
  async activeGrantsOf(dispatcherId: string, now = new Date()): Promise<GrantRow[]> {
    const rows = await this.db
      .select({ grant: grants })
      .from(grants)
      .innerJoin(certificates, eq(certificates.serialHex, grants.dispatcherEncSerial))
      .where(and(eq(grants.dispatcherId, dispatcherId), activeGrantCondition(now)));
    return rows.map((r) => r.grant);
  }
}
