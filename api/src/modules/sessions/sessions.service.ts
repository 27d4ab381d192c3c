/**
 * Sessions: created at login, checked on every request and WebSocket upgrade, ended by logout.
 */
import { and, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { EventBus } from '../../event-bus/event-bus.ts';
import { users, type UserRow } from '../users/users.table.ts';
import { openSessionToken, readCookie, sealSessionToken, SESSION_COOKIE, SESSION_TTL_SECONDS } from './session-cookie.ts';
import { sessions } from './sessions.table.ts';

/** A session may slide for at most this long after login; then the user signs in again. */
export const SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60;

export interface ActiveSession {
  readonly sessionId: string;
  /** The absolute end of the session (sockets opened with it close then). */
  readonly expiresAt: Date;
  readonly user: UserRow;
  /** A fresh cookie token when the current one is past half its life (sliding window). */
  readonly renewedToken: string | undefined;
}

export class SessionService {
  constructor(
    private readonly db: Db,
    private readonly sessionKey: Uint8Array,
    private readonly bus: EventBus,
  ) {}

  /** Opens a session row and returns the cookie token. */
  async create(userId: string, meta: { ip: string; userAgent: string | undefined }): Promise<string> {
    const now = Date.now();
    const [row] = await this.db
      .insert(sessions)
      .values({
        userId,
        expiresAt: new Date(now + SESSION_ABSOLUTE_SECONDS * 1000),
        ip: meta.ip,
        userAgent: meta.userAgent?.slice(0, 300) ?? null,
      })
      .returning({ id: sessions.id });
    if (!row) throw new Error('session insert returned nothing');
    return sealSessionToken(this.sessionKey, { sid: row.id, sub: userId }, now);
  }

  /**
   * Resolves the session from a `Cookie` header: the token must decrypt, the row must exist,
   * belong to the token's user, be neither revoked nor past its absolute or idle limit.
   */
  async fromCookieHeader(cookieHeader: string | undefined, now = Date.now()): Promise<ActiveSession | null> {
    const token = readCookie(cookieHeader, SESSION_COOKIE);
    if (!token) return null;
    const claims = await openSessionToken(this.sessionKey, token, now);
    if (!claims) return null;
    const [found] = await this.db
      .select({ session: sessions, user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.id, claims.sid), isNull(sessions.revokedAt)))
      .limit(1);
    if (!found || found.user.id !== claims.sub) return null;
    const { session } = found;
    if (session.expiresAt.getTime() <= now) return null;
    if (session.lastSeenAt.getTime() + SESSION_TTL_SECONDS * 1000 <= now) return null;
    const halfLife = (SESSION_TTL_SECONDS * 1000) / 2;
    let renewedToken: string | undefined;
    if (claims.exp * 1000 - now < halfLife) {
      await this.db
        .update(sessions)
        .set({ lastSeenAt: new Date(now) })
        .where(eq(sessions.id, session.id));
      renewedToken = await sealSessionToken(this.sessionKey, { sid: session.id, sub: found.user.id }, now);
    }
    return { sessionId: session.id, expiresAt: session.expiresAt, user: found.user, renewedToken };
  }

  /** Which of `sessionIds` are neither revoked nor past their absolute expiry. */
  async activeAmong(sessionIds: readonly string[], now = new Date()): Promise<Set<string>> {
    if (sessionIds.length === 0) return new Set();
    const rows = await this.db
      .select({ id: sessions.id })
      .from(sessions)
      .where(and(inArray(sessions.id, [...sessionIds]), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)));
    return new Set(rows.map((r) => r.id));
  }

  async revoke(sessionId: string): Promise<void> {
    const [row] = await this.db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.id, sessionId)).returning();
    if (row) await this.bus.publish({ kind: 'sessions.ended', userId: row.userId, sessionIds: [row.id] });
  }

  /** Ends every session of the user; returns how many were open. */
  async revokeAllForUser(userId: string): Promise<number> {
    const rows = await this.db
      .update(sessions)
      .set({ revokedAt: new Date() })
      .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
      .returning({ id: sessions.id });
    await this.bus.publish({ kind: 'sessions.ended', userId, sessionIds: null });
    return rows.length;
  }
}
