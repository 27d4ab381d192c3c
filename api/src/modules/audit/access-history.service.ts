/**
 * Access history of a recording, for its owner: who watched, exported or downloaded it and
 * when, read from the audit log (the watch endpoint records `stream.<purpose>` before it sends
 * anything, so every read is there). Newest first, in bounded pages keyed by the audit entry id.
 */
import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { BadInputError, ForbiddenError, NotFoundError } from '../../errors.ts';
import type { AccessPolicy } from '../sharing/access.ts';
import type { StreamService } from '../streams/streams.service.ts';
import { users, type UserRow } from '../users/users.table.ts';
import type { AccessEntry, AccessKind } from './access-history.type.ts';
import { auditLog } from './audit.table.ts';

export const MAX_ACCESS_HISTORY_PAGE = 200;
const KINDS: readonly AccessKind[] = ['watch', 'export', 'download'];
const ACTIONS = KINDS.map((k) => `stream.${k}`);

export class AccessHistoryService {
  constructor(
    private readonly db: Db,
    private readonly streams: StreamService,
    private readonly access: AccessPolicy,
  ) {}

  /**
   * Up to `first` entries older than entry `before` (newest first). NOT_FOUND when the caller
   * cannot see the stream (no hint that it exists), FORBIDDEN for a grantee who can.
   */
  async forOwner(user: UserRow, streamId: string, first: number, before?: string): Promise<AccessEntry[]> {
    if (!Number.isSafeInteger(first) || first < 1 || first > MAX_ACCESS_HISTORY_PAGE)
      throw new BadInputError(`first must be 1..${MAX_ACCESS_HISTORY_PAGE}.`, 'first', 'range');
    const cursor = before === undefined ? undefined : Number(before);
    if (cursor !== undefined && (!Number.isSafeInteger(cursor) || cursor < 1))
      throw new BadInputError('before must be the id of an access entry.', 'before', 'malformed');
    const stream = await this.streams.find(streamId);
    const access = stream ? await this.access.forStream(user, stream) : { ok: false as const };
    if (!stream || !access.ok) throw new NotFoundError('No such stream.');
    if (access.as !== 'owner') throw new ForbiddenError('Only the owner of a stream sees who accessed it.');
    const rows = await this.db
      .select({ entry: auditLog, fullName: users.fullName, organisation: users.organisation })
      .from(auditLog)
      .leftJoin(users, eq(users.username, auditLog.actor))
      .where(
        and(eq(auditLog.subject, stream.id), inArray(auditLog.action, ACTIONS), cursor === undefined ? undefined : lt(auditLog.id, cursor)),
      )
      .orderBy(desc(auditLog.id))
      .limit(first);
    return rows.map(({ entry, fullName, organisation }) => ({
      id: String(entry.id),
      at: entry.at,
      kind: entry.action.slice('stream.'.length) as AccessKind,
      username: entry.actor,
      fullName,
      organisation,
      byOwner: entry.actor === stream.ownerUsername,
    }));
  }
}
