/**
 * "Who is watching now" for a stream's owner: the live connections {@link Presence} knows of
 * on every instance ([Note: presence]), grouped by viewer, with their directory names. The
 * owner's own sockets (playing back its own stream) are not listed.
 */
import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { ForbiddenError, NotFoundError } from '../../errors.ts';
import type { Presence } from '../../streaming/presence.ts';
import type { AccessPolicy } from '../sharing/access.ts';
import type { StreamService } from '../streams/streams.service.ts';
import { users, type UserRow } from '../users/users.table.ts';
import type { StreamViewer } from './presence.type.ts';

export class StreamViewersService {
  constructor(
    private readonly db: Db,
    private readonly presence: Presence,
    private readonly streams: StreamService,
    private readonly access: AccessPolicy,
  ) {}

  /**
   * The viewers of `streamId`, for its owner only: NOT_FOUND when the caller cannot see the
   * stream (no hint that it exists), FORBIDDEN for a grantee who can.
   */
  async forOwner(user: UserRow, streamId: string): Promise<StreamViewer[]> {
    const stream = await this.streams.find(streamId);
    if (!stream) throw new NotFoundError('No such stream.');
    const access = await this.access.forStream(user, stream);
    if (!access.ok) throw new NotFoundError('No such stream.');
    if (access.as !== 'owner') throw new ForbiddenError('Only the owner of a stream sees who watches it.');
    return this.of(stream.id, stream.ownerId);
  }

  /** The viewers of a stream (no access check: callers decide who may see this). */
  async of(streamId: string, ownerId: string): Promise<StreamViewer[]> {
    const byViewer = new Map<string, { since: string; connections: number }>();
    for (const c of this.presence.watching(streamId)) {
      if (c.viewerId === ownerId) continue;
      const seen = byViewer.get(c.viewerId);
      byViewer.set(c.viewerId, {
        since: seen && seen.since < c.since ? seen.since : c.since,
        connections: (seen?.connections ?? 0) + 1,
      });
    }
    if (byViewer.size === 0) return [];
    const people = await this.db
      .select({ id: users.id, username: users.username, fullName: users.fullName, organisation: users.organisation })
      .from(users)
      .where(inArray(users.id, [...byViewer.keys()]));
    return people
      .map((p) => {
        const v = byViewer.get(p.id) ?? { since: new Date(0).toISOString(), connections: 0 };
        return {
          username: p.username,
          fullName: p.fullName,
          organisation: p.organisation,
          since: new Date(v.since),
          connections: v.connections,
        };
      })
      .sort((a, b) => a.since.getTime() - b.since.getTime() || a.username.localeCompare(b.username));
  }
}
